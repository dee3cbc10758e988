using System.Text;
using System.Text.Json;
using Drydock.Images.Sources.Registry;

namespace Drydock.Server.Harbor;

/// <summary>
/// A Harbor <c>ScanRequest</c>, checked field by field: <see cref="Parse"/> gives the first violation as a
/// <see cref="HarborRequestException"/> (422, or 501 for a capability this scanner lacks). The registry
/// authorization becomes a <see cref="RegistryCredential"/> that is kept in memory only.
/// </summary>
internal sealed record HarborScanRequest(string RegistryHost, bool PlainHttp, string Repository, string Digest, string? Tag, string? MimeType, RegistryCredential? Credential)
{
    /// <summary>The image reference the scan runs on: always the digest Harbor names.</summary>
    public string Reference => $"{RegistryHost}/{Repository}@{Digest}";

    public static HarborScanRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw new HarborRequestException(422, "the scan request is not a JSON object");
        var registry = Object(body, "registry");
        var artifact = Object(body, "artifact");
        var url = Text(registry, "url", "registry.url") ?? throw new HarborRequestException(422, "registry.url is required");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new HarborRequestException(422, $"registry.url '{url}' is not an http or https URL");
        var repository = Text(artifact, "repository", "artifact.repository") ?? throw new HarborRequestException(422, "artifact.repository is required");
        var digest = Text(artifact, "digest", "artifact.digest") ?? throw new HarborRequestException(422, "artifact.digest is required");
        if (!Images.Digest.TryParse(digest, out _)) throw new HarborRequestException(422, $"artifact.digest '{digest}' is not a digest (algorithm:hex)");
        var mime = Text(artifact, "mime_type", "artifact.mime_type");
        if (mime is not null && !HarborMediaTypes.Same(mime, HarborMediaTypes.OciManifest) && !HarborMediaTypes.Same(mime, HarborMediaTypes.DockerManifest))
            throw new HarborRequestException(501, $"artifact.mime_type '{mime}' is not an image manifest this scanner reads");
        CheckCapabilities(body);
        return new HarborScanRequest(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", uri.Scheme == "http", repository, digest,
            Text(artifact, "tag", "artifact.tag"), mime, ParseAuthorization(Text(registry, "authorization", "registry.authorization")));
    }

    private static void CheckCapabilities(JsonElement body)
    {
        if (!body.TryGetProperty("enabled_capabilities", out var list) || list.ValueKind == JsonValueKind.Null) return;
        if (list.ValueKind != JsonValueKind.Array) throw new HarborRequestException(422, "enabled_capabilities is not an array");
        foreach (var capability in list.EnumerateArray())
        {
            var type = capability.ValueKind == JsonValueKind.Object ? Text(capability, "type", "enabled_capabilities[].type") : null;
            if (type is not ("vulnerability" or "sbom")) throw new HarborRequestException(422, "enabled_capabilities[].type must be 'vulnerability' or 'sbom'");
            if (!capability.TryGetProperty("produces_mime_types", out var produces) || produces.ValueKind == JsonValueKind.Null) continue;
            string[] supported = type == "sbom" ? [HarborMediaTypes.SbomReport] : [HarborMediaTypes.VulnerabilityReportHarbor, HarborMediaTypes.VulnerabilityReport11];
            foreach (var m in produces.EnumerateArray())
                if (m.ValueKind != JsonValueKind.String || !supported.Any(s => HarborMediaTypes.Same(s, m.GetString()!)))
                    throw new HarborRequestException(501, $"this scanner cannot produce '{m}' for the '{type}' capability");
        }
    }

    /// <summary>
    /// <c>Basic base64(user:password)</c> (Harbor's robot account) becomes a credential; empty means anonymous. A bearer
    /// token cannot be used by the registry client, which authenticates itself: that is said, not ignored.
    /// </summary>
    private static RegistryCredential? ParseAuthorization(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization)) return null;
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            throw new HarborRequestException(422, "registry.authorization must be 'Basic BASE64(user:password)'; other schemes are not supported");
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            throw new HarborRequestException(422, "registry.authorization is not valid base64 after 'Basic '");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new HarborRequestException(422, "registry.authorization does not hold user:password");
        return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw new HarborRequestException(422, $"'{name}' is required and must be an object");

    private static string? Text(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new HarborRequestException(422, $"{path} must be a string");
        return value.GetString() is { Length: > 0 } s ? s : null;
    }
}

/// <summary>A scan request Harbor's API answers with an <c>ErrorResponse</c> of <see cref="Status"/>.</summary>
internal sealed class HarborRequestException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
