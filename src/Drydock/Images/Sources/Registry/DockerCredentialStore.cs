using System.Text;
using System.Text.Json;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Finds registry credentials the way the Docker CLI does (docker/cli config/configfile): <c>credHelpers[host]</c> first,
/// then the <c>credsStore</c> helper, then the plain <c>auths</c> entry. The file is
/// <c>$DOCKER_CONFIG/config.json</c> (default <c>~/.docker/config.json</c>); a missing file means anonymous access.
/// Docker Hub's key is <c>https://index.docker.io/v1/</c>; other keys may carry a scheme and path, compared by host.
/// </summary>
public sealed class DockerCredentialStore
{
    public const string DockerHubServerUrl = "https://index.docker.io/v1/";

    private readonly string _configPath;

    // Read once, by the first caller; the scan's registry questions ask at once (a caller must never see "not read yet"
    // as "no file": that was anonymous access and a 401 for a registry the config has credentials for).
    private readonly Lazy<DockerConfigFile?> _config;

    public DockerCredentialStore(string? configDirectory = null)
    {
        _configPath = Path.Combine(configDirectory ?? DefaultDirectory(), "config.json");
        _config = new Lazy<DockerConfigFile?>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly (string Host, RegistryCredential Credential)? _only;

    /// <summary>A store that holds one registry's credential in memory only (a server's per-scan credentials); no file is read.</summary>
    public DockerCredentialStore(string registry, RegistryCredential credential) : this(configDirectory: "/nonexistent") =>
        _only = (HostOf(registry), credential);

    /// <summary><c>$DOCKER_CONFIG</c>, else <c>~/.docker</c>.</summary>
    public static string DefaultDirectory()
    {
        var env = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        return string.IsNullOrEmpty(env)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker")
            : env;
    }

    /// <summary>The credential for <paramref name="registry"/> (as in an image reference: <c>docker.io</c>, <c>host:port</c>); null = anonymous.</summary>
    public async Task<RegistryCredential?> GetAsync(string registry, CancellationToken cancellationToken)
    {
        if (_only is { } only) return HostOf(registry) == only.Host ? only.Credential : null;
        var config = _config.Value;
        if (config is null) return null;
        var serverUrl = registry is ImageReference.DockerHub or "index.docker.io" or "registry-1.docker.io" ? DockerHubServerUrl : registry;
        var host = HostOf(serverUrl);

        var helper = config.CredHelpers?.FirstOrDefault(kv => HostOf(kv.Key) == host).Value;
        if (!string.IsNullOrEmpty(helper)) return await CredentialHelper.GetAsync(helper, serverUrl, cancellationToken);
        if (!string.IsNullOrEmpty(config.CredsStore))
        {
            var stored = await CredentialHelper.GetAsync(config.CredsStore, serverUrl, cancellationToken);
            if (stored is not null) return stored;
        }
        var entry = config.Auths?.FirstOrDefault(kv => HostOf(kv.Key) == host).Value;
        return entry is null ? null : FromEntry(entry, registry);
    }

    private DockerConfigFile? Load()
    {
        if (!File.Exists(_configPath)) return null;
        try
        {
            using var stream = File.OpenRead(_configPath);
            return JsonSerializer.Deserialize(stream, RegistryJsonContext.Default.DockerConfigFile);
        }
        catch (JsonException e)
        {
            throw new DrydockException($"Docker config {_configPath} is not valid JSON (line {e.LineNumber + 1})");
        }
    }

    private static RegistryCredential? FromEntry(DockerAuthEntry entry, string registry)
    {
        if (!string.IsNullOrEmpty(entry.IdentityToken)) return new RegistryCredential(entry.Username, null, entry.IdentityToken);
        if (!string.IsNullOrEmpty(entry.Auth))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(entry.Auth));
            }
            catch (FormatException)
            {
                throw new DrydockException($"Docker config: the 'auth' entry for {registry} is not base64");
            }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new DrydockException($"Docker config: the 'auth' entry for {registry} is not user:password");
            return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }
        return string.IsNullOrEmpty(entry.Username) ? null : new RegistryCredential(entry.Username, entry.Password ?? "");
    }

    /// <summary>As docker/cli's ConvertToHostname: drop the scheme and any path.</summary>
    internal static string HostOf(string key)
    {
        var s = key;
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) s = s["http://".Length..];
        else if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) s = s["https://".Length..];
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        return (slash >= 0 ? s[..slash] : s).ToLowerInvariant();
    }
}
