using System.Security.Cryptography;
using System.Text;
using Drydock.Controls;
using Drydock.Inventory;
using Drydock.Model;
using Drydock.Scanning;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// A <see cref="ScanReport"/> put in report order once, so every writer sorts and names things the same way:
/// packages by purl (then path, then layer), findings by severity descending then id then purl, controls by id.
/// Each package gets a stable reference (its purl, or purl plus path and layer when the purl occurs more than once)
/// and an SPDX id hashed from that reference.
/// </summary>
internal sealed class ReportModel
{
    public ReportModel(ScanReport report)
    {
        Report = report;
        var sorted = report.Inventory.Packages
            .OrderBy(p => p.Purl, StringComparer.Ordinal)
            .ThenBy(p => p.FoundIn, StringComparer.Ordinal)
            .ThenBy(p => p.LayerIndex)
            .ToList();
        var purlCounts = sorted.GroupBy(p => p.Purl, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<PackageEntry>(sorted.Count);
        foreach (var p in sorted)
        {
            var baseRef = purlCounts[p.Purl] == 1 ? p.Purl : $"{p.Purl}|{p.FoundIn}|{p.LayerIndex}";
            var reference = baseRef;
            for (var n = 2; !used.Add(reference); n++) reference = baseRef + "|" + n;
            entries.Add(new PackageEntry(p, reference, "SPDXRef-Package-" + ShortHash(reference)));
        }
        Packages = entries;
        ByPurl = entries.ToLookup(e => e.Package.Purl, StringComparer.Ordinal);
        Findings = report.Findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.VulnerabilityId, StringComparer.Ordinal)
            .ThenBy(f => f.PackagePurl, StringComparer.Ordinal)
            .ThenBy(f => f.LayerIndex)
            .ToList();
        Controls = report.Controls.OrderBy(c => c.Id, ControlIdComparer.Instance).ToList();
        Dependencies = entries.ToDictionary(e => e.Reference, e => (IReadOnlyList<string>)ResolveDependencies(e, entries), StringComparer.Ordinal);
    }

    public ScanReport Report { get; }
    public IReadOnlyList<PackageEntry> Packages { get; }
    public ILookup<string, PackageEntry> ByPurl { get; }
    public IReadOnlyList<Finding> Findings { get; }
    public IReadOnlyList<ControlResult> Controls { get; }

    /// <summary>Package reference → references of the packages it depends on (only those found in the inventory).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies { get; }

    /// <summary>The package a finding is about (the first with its purl), or null when the inventory lacks it.</summary>
    public PackageEntry? PackageOf(Finding f) => ByPurl[f.PackagePurl].FirstOrDefault();

    public int Count(Severity s) => Report.Findings.Count(f => f.Severity == s);

    /// <summary>Lower-case hex of the first 8 bytes of SHA-256: short, stable and safe in ids of every format.</summary>
    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    // DependsOn holds purls for language packages and bare names for OS packages (Package.DependsOn); a name is
    // resolved within the same ecosystem only, and what the inventory lacks is left out rather than guessed.
    private static List<string> ResolveDependencies(PackageEntry entry, List<PackageEntry> all) =>
        entry.Package.DependsOn
            .SelectMany(d => d.StartsWith("pkg:", StringComparison.Ordinal)
                ? all.Where(o => o.Package.Purl == d)
                : all.Where(o => o.Package.Type == entry.Package.Type && o.Package.Name == d))
            .Select(o => o.Reference)
            .Where(r => r != entry.Reference)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}

/// <summary>A package with its report-wide reference (CycloneDX bom-ref) and SPDX id.</summary>
internal sealed record PackageEntry(Package Package, string Reference, string SpdxId);
