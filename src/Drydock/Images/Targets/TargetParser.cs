using System.Globalization;
using System.Text.RegularExpressions;

namespace Drydock.Images.Targets;

/// <summary>
/// Parses the target grammar every verb shares (skopeo's transports): <c>docker-archive:PATH[:REF|:@N]</c>,
/// <c>oci:DIR[:TAG]</c>, <c>oci-archive:PATH[:TAG]</c>, <c>docker:NAME</c> (local engine), <c>registry:REF</c>
/// (also skopeo's <c>docker://REF</c>), a bare path that exists (sniffed), or a bare image reference.
/// Paths may contain ':'; a suffix is split off only when the part before it exists.
/// </summary>
public static partial class TargetParser
{
    public static ImageTarget Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException("empty image target");
        if (Strip(text, "docker-archive:") is { } archive) return ParseDockerArchive(text, archive);
        if (Strip(text, "oci-archive:") is { } ociArchive) return ParseOci(text, ociArchive, ImageTransport.OciArchive, File.Exists);
        if (Strip(text, "oci:") is { } oci) return ParseOci(text, oci, ImageTransport.Oci, Directory.Exists);
        if ((Strip(text, "registry:") ?? Strip(text, "docker://")) is { } reference)
            return new ImageTarget(ImageTransport.Registry, text) { Reference = ImageReference.Parse(reference) };
        if (Strip(text, "docker:") is { } engine)
        {
            if (engine.Length == 0) throw new UsageException("docker: needs an image name or id, e.g. docker:nginx:1.27");
            return new ImageTarget(ImageTransport.DockerEngine, text)
            {
                EngineName = engine,
                Reference = ImageReference.TryParse(engine, out var r, out _) ? r : null,
            };
        }
        if (File.Exists(text) || Directory.Exists(text)) return TargetSniffer.Sniff(text);
        if (ImageReference.TryParse(text, out var bare, out var error))
            return new ImageTarget(ImageTransport.Registry, text) { Reference = bare };
        throw new UsageException($"'{text}' is neither an existing file or directory nor an image reference ({error})");
    }

    private static ImageTarget ParseDockerArchive(string text, string rest)
    {
        var (path, suffix) = SplitExisting(rest, File.Exists);
        var target = new ImageTarget(ImageTransport.DockerArchive, text) { Path = RequirePath(path, text) };
        if (suffix is null) return target;
        if (suffix.StartsWith('@'))
        {
            return int.TryParse(suffix.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? target with { SourceIndex = index }
                : throw new UsageException($"invalid source index '{suffix}' in '{text}': expected @N, e.g. @0");
        }
        return target with { Reference = ImageReference.Parse(suffix) };
    }

    private static ImageTarget ParseOci(string text, string rest, ImageTransport transport, Func<string, bool> exists)
    {
        var colon = rest.LastIndexOf(':');
        if (!exists(rest) && colon > 0 && TagPattern().IsMatch(rest[(colon + 1)..]) && exists(rest[..colon]))
            return new ImageTarget(transport, text) { Path = rest[..colon], Tag = rest[(colon + 1)..] };
        return new ImageTarget(transport, text) { Path = RequirePath(rest, text) };
    }

    /// <summary>Splits <c>PATH:SUFFIX</c> at the first ':' whose left side exists; the whole text when none does.</summary>
    private static (string Path, string? Suffix) SplitExisting(string rest, Func<string, bool> exists)
    {
        if (exists(rest)) return (rest, null);
        for (var i = rest.IndexOf(':', StringComparison.Ordinal); i > 0; i = rest.IndexOf(':', i + 1))
        {
            if (exists(rest[..i])) return (rest[..i], rest[(i + 1)..]);
        }
        return (rest, null);
    }

    private static string RequirePath(string path, string text) =>
        path.Length > 0 ? path : throw new UsageException($"'{text}' names no path");

    private static string? Strip(string text, string prefix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;

    // A tag as distribution/reference and the OCI ref.name convention allow.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
