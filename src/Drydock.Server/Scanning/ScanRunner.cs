using Drydock.Images;
using Drydock.Images.Sources;
using Drydock.Images.Sources.Registry;
using Drydock.Reports;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;
using Drydock.Images.Targets;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Server.Scanning;

/// <summary>
/// The server's one adapter to the scanning library: assembles an <see cref="ImageScanner"/> from the production parts
/// (<see cref="ScannerParts.Default"/>) with this scan's registry credentials, runs it, and turns the <see cref="ScanReport"/>
/// into what the server stores.
/// </summary>
public sealed class ScanRunner(ServerOptions options)
{
    /// <summary>The version key of the vulnerability database results are stored under ("none" without one).</summary>
    public string DatabaseVersion()
    {
        if (options.DatabasePath is not { } path || !File.Exists(path)) return "none";
        using var store = SqliteAdvisoryStore.Open(path);
        return store.BuiltAt is { } built ? Key(built) : "unknown";
    }

    /// <summary>The version key of a database built at <paramref name="built"/> (results and re-match runs are stored under it).</summary>
    public static string Key(DateTimeOffset built) => built.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True when <paramref name="reference"/> is an image reference the server can scan; otherwise why not. The
    /// digest is the reference's own digest, when it pins one (so a stored result can answer before any registry call).
    /// </summary>
    public static bool TryParse(string reference, out string? digest, out string error)
    {
        digest = null;
        if (!ImageReference.TryParse(reference, out var parsed, out error)) return false;
        digest = parsed.Digest?.ToString();
        return true;
    }

    /// <summary>Scans <paramref name="reference"/> with <paramref name="credential"/> (held in memory for this scan only; null = the Docker config).</summary>
    public async Task<ScanOutcome> ScanAsync(string reference, RegistryCredential? credential, CancellationToken ct)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out var error)) throw new UsageException($"'{reference}' is not an image reference: {error}");
        var clientOptions = new RegistryClientOptions
        {
            InsecureRegistries = options.InsecureRegistries,
            Credentials = credential is null ? new DockerCredentialStore() : new DockerCredentialStore(parsed.Registry, credential),
        };
        // One scanner per scan: the credentials belong to this scan only. Offline beyond the target itself: the server
        // does not look tags, bases or signatures up (submit the tag again to rescan).
        using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings
        {
            DatabasePath = options.DatabasePath is { } db && File.Exists(db) ? db : null,
            CachePath = options.CachePath,
            InsecureRegistries = options.InsecureRegistries,
            Sources = RemoteSourceFactories.Default with { Registry = target => new RegistryImageSource(target.Reference!, target.Text, clientOptions), DockerEngine = null },
        }));
        var report = await scanner.ScanAsync(new ScanRequest { Target = TargetParser.Parse("registry:" + reference) }, ct);
        var rendered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var format in ReportFormats.All)
        {
            using var buffer = new MemoryStream();
            await ReportWriters.Get(format).WriteAsync(report, buffer, ct);
            rendered[format] = buffer.ToArray();
        }
        return new ScanOutcome
        {
            Digest = report.Image.ManifestDigest ?? throw new DrydockException($"{reference}: the registry gave no manifest digest"),
            Repository = parsed.Registry + "/" + parsed.Repository,
            DatabaseVersion = report.Database is { } d ? Key(d.BuiltAt) : "none",
            Os = report.Inventory.Os.IsUnknown ? null : $"{report.Inventory.Os.Family} {report.Inventory.Os.Version}".Trim(),
            Packages = [.. report.Inventory.Packages.Select(p => new StoredPackage(p.Type.ToString().ToLowerInvariant(), p.Name, p.Version, p.Purl))],
            Findings = [.. report.Findings.Where(f => f.Suppression is null).Select(Stored)],
            Verdicts = [.. report.Controls.Select(c => new StoredVerdict(c.Id, c.Outcome.ToString().ToLowerInvariant(), c.Summary))],
            Reports = rendered,
            MatchInventory = Rematch.MatchInventory.ToJson(report.Inventory),
        };
    }

    /// <summary>A finding as the server stores it (scans and re-matches alike).</summary>
    public static StoredFinding Stored(Drydock.Vulnerabilities.Finding f) => new(f.VulnerabilityId, f.PackageName, f.InstalledVersion, f.FixedVersion,
        f.Severity.ToString().ToUpperInvariant(), Model.StatusNames.ToName(f.Status), f.PackagePurl, f.Description ?? f.Title, f.References);
}
