using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Hosts.Audit;

/// <summary>How many vulnerabilities an image's scan found, by severity (docs/report-schema.md "## host audit").</summary>
public sealed record ImageVulnerabilities(int Critical, int High, int Medium, int Low, int Unknown)
{
    public int Total => Critical + High + Medium + Low + Unknown;

    public static ImageVulnerabilities Count(IEnumerable<Finding> findings)
    {
        var bySeverity = findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
        return new ImageVulnerabilities(bySeverity.GetValueOrDefault(Severity.Critical), bySeverity.GetValueOrDefault(Severity.High),
            bySeverity.GetValueOrDefault(Severity.Medium), bySeverity.GetValueOrDefault(Severity.Low), bySeverity.GetValueOrDefault(Severity.Unknown));
    }

    /// <summary>The table form: critical/high/medium/low/unknown.</summary>
    public override string ToString() => $"{Critical}/{High}/{Medium}/{Low}/{Unknown}";
}

/// <summary>Counts an engine's image's vulnerabilities; a failure is a <see cref="DrydockException"/> (the audit reports it and goes on).</summary>
public interface IImageVulnerabilityScanner
{
    Task<ImageVulnerabilities> ScanAsync(IDockerEngine engine, string imageId, CancellationToken cancellationToken);
}
