using System.Text.RegularExpressions;

namespace Drydock.Images;

/// <summary>
/// A registry image reference normalised as Docker does (distribution/reference): no registry → <c>docker.io</c>,
/// a one-component name on Docker Hub → <c>library/</c>, neither tag nor digest → <c>latest</c>.
/// <c>index.docker.io</c> is the same registry as <c>docker.io</c>.
/// </summary>
public sealed partial record ImageReference(string Registry, string Repository, string? Tag, Digest? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>Full name without tag or digest: <c>docker.io/library/nginx</c>.</summary>
    public string Name => Registry + "/" + Repository;

    /// <summary>The canonical text: <c>registry/repo[:tag][@digest]</c>.</summary>
    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");

    /// <summary>The short form Docker prints (<c>nginx:latest</c>, <c>127.0.0.1:5000/app:1</c>).</summary>
    public string Familiar
    {
        get
        {
            var name = Registry == DockerHub
                ? (Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository)
                : Name;
            return name + (Tag is null ? "" : ":" + Tag) + (Digest is { } d ? "@" + d : "");
        }
    }

    /// <summary>The host to contact: Docker Hub's API lives at registry-1.docker.io.</summary>
    public string RegistryHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    public ImageReference WithDigest(Digest digest) => this with { Digest = digest };

    public static ImageReference Parse(string text) =>
        TryParse(text, out var r, out var error) ? r : throw new UsageException($"invalid image reference '{text}': {error}");

    public static bool TryParse(string text, out ImageReference reference, out string error)
    {
        reference = null!;
        error = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4096)
        {
            error = "empty or too long";
            return false;
        }

        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Images.Digest.TryParse(rest[(at + 1)..], out var d))
            {
                error = "invalid digest";
                return false;
            }
            digest = d;
            rest = rest[..at];
        }

        string? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && rest.IndexOf('/', lastColon) < 0)
        {
            tag = rest[(lastColon + 1)..];
            rest = rest[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid tag '{tag}'";
                return false;
            }
        }

        string registry;
        string repository;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? rest : rest[..slash];
        if (slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Any(char.IsUpper)))
        {
            registry = first;
            repository = rest[(slash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = rest;
        }
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;
        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal)) repository = "library/" + repository;

        if (!HostPattern().IsMatch(registry))
        {
            error = $"invalid registry '{registry}'";
            return false;
        }
        if (repository.Length == 0 || repository.Length > 255 || !repository.Split('/').All(c => ComponentPattern().IsMatch(c)))
        {
            error = "repository names are lower-case letters, digits and separators (. _ __ -) between '/'";
            return false;
        }
        if (tag is null && digest is null) tag = "latest";
        reference = new ImageReference(registry, repository, tag, digest);
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex ComponentPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$")]
    private static partial Regex HostPattern();
}
