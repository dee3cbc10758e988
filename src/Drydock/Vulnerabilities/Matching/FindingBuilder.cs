using Drydock.Inventory;
using Drydock.Model;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// Shared by every matcher: picks one statement per vulnerability for a package (a "not affected" statement wins,
/// then the lowest fix, then the first unfixed statement) and turns it into a <see cref="Finding"/> with severity
/// from the vendor first, then NVD's CVSS, then any other rating, and Unknown only when nobody rated it.
/// </summary>
internal static class FindingBuilder
{
    public static IEnumerable<Finding> Build(Package package, IReadOnlyList<AffectedPackage> rows, string installed, MatchContext context)
    {
        foreach (var group in rows.GroupBy(r => r.VulnerabilityId, StringComparer.Ordinal))
        {
            if (group.Any(r => r.Status == VulnerabilityStatus.NotAffected && r.Fixed is null && r.Versions.Count == 0 && r.Introduced is null)) continue;
            AffectedPackage? chosen = null;
            foreach (var row in group)
            {
                var affected = RangeEvaluator.IsAffected(row, installed);
                if (affected is null) context.NoteUnevaluated(row, installed);
                if (affected != true) continue;
                chosen = chosen is null ? row : Better(chosen, row);
            }
            if (chosen is not null) yield return ToFinding(package, chosen, context);
        }
    }

    private static AffectedPackage Better(AffectedPackage a, AffectedPackage b)
    {
        if (a.Fixed is null) return b.Fixed is null ? a : b;
        if (b.Fixed is null) return a;
        return RangeEvaluator.CompareFixed(a.VersionScheme, b.Fixed, a.Fixed) < 0 ? b : a;
    }

    // The row's own part of the finding; the details (aliases, CVSS, texts) come from Complete, at once or, when the
    // scanner defers them, after one batched read at the end of the scan.
    private static Finding ToFinding(Package package, AffectedPackage row, MatchContext context)
    {
        var finding = new Finding
        {
            VulnerabilityId = row.VulnerabilityId,
            PackagePurl = package.Purl,
            PackageName = package.Name,
            InstalledVersion = package.Version,
            FixedVersion = row.Fixed,
            Status = row.Fixed is null && row.Status == VulnerabilityStatus.Fixed ? VulnerabilityStatus.Affected : row.Status,
            StatusDetail = row.StatusDetail,
            Severity = row.Severity,
            SeveritySource = row.SeveritySource,
            DataSource = row.DataSource,
            LayerIndex = package.LayerIndex,
        };
        return context.DeferDetails ? finding : Complete(finding, context);
    }

    /// <summary>Adds the vulnerability's details and resolves the severity (vendor's own rating first, kept from the row).</summary>
    public static Finding Complete(Finding finding, MatchContext context)
    {
        var details = context.Details(finding.VulnerabilityId);
        var aliases = details?.Aliases ?? [];
        var ratings = new List<CvssRating>(details?.Cvss ?? []);
        foreach (var alias in aliases)
            if (context.Details(alias) is { } aliased) ratings.AddRange(aliased.Cvss);
        var (severity, source) = ResolveSeverity(finding, ratings);
        return finding with
        {
            Aliases = aliases,
            Severity = severity,
            SeveritySource = source,
            Cvss = ratings.Select(r => new CvssScore(r.Source, r.Version, r.Vector, r.Score)).Distinct().ToList(),
            Title = details?.Title,
            Description = details?.Description,
            References = details?.References ?? [],
            Published = details?.Published,
            Modified = details?.Modified,
        };
    }

    private static (Severity, string?) ResolveSeverity(Finding row, List<CvssRating> ratings)
    {
        if (row.Severity != Severity.Unknown) return (row.Severity, row.SeveritySource);
        var nvd = ratings.FirstOrDefault(r => r.Source == "nvd" && r.Severity != Severity.Unknown);
        if (nvd is not null) return (nvd.Severity, "nvd");
        var other = ratings.FirstOrDefault(r => r.Severity != Severity.Unknown);
        return other is null ? (Severity.Unknown, null) : (other.Severity, other.Source);
    }
}
