using Drydock.Model;

namespace Drydock.Vulnerabilities;

/// <summary>One vulnerability in one installed package.</summary>
public sealed record Finding
{
    public required string VulnerabilityId { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Purl of the affected package (joins <see cref="Inventory.Package.Purl"/>).</summary>
    public required string PackagePurl { get; init; }
    public required string PackageName { get; init; }
    public required string InstalledVersion { get; init; }

    /// <summary>The first version that fixes it, or null when there is none (yet).</summary>
    public string? FixedVersion { get; init; }
    public required VulnerabilityStatus Status { get; init; }

    /// <summary>The vendor's own sub-state, e.g. Debian's <c>no-dsa</c> or <c>postponed</c>.</summary>
    public string? StatusDetail { get; init; }
    public required Severity Severity { get; init; }

    /// <summary>Who rated it: <c>debian</c>, <c>alpine</c>, <c>nvd</c>, <c>ghsa</c>… (vendor first, then NVD).</summary>
    public string? SeveritySource { get; init; }
    public IReadOnlyList<CvssScore> Cvss { get; init; } = [];
    public string? Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The feed the advisory came from (<c>alpine-secdb</c>, <c>debian-tracker</c>, <c>osv:PyPI</c>).</summary>
    public required string DataSource { get; init; }
    public required int LayerIndex { get; init; }

    /// <summary>Why the gate does not count this finding (waiver, VEX, baseline, grace period), or null when it counts.</summary>
    public Suppression? Suppression { get; init; }

    public bool IsFixable => FixedVersion is not null && Status == VulnerabilityStatus.Fixed;
}

/// <summary>A CVSS rating by a source: version (<c>3.1</c>, <c>4.0</c>), vector and base score.</summary>
public sealed record CvssScore(string Source, string Version, string Vector, double? BaseScore);

/// <summary>
/// A finding the gate does not count, and why: <c>waiver</c> (ignore file, with owner/reason/expiry), <c>vex</c>
/// (OpenVEX not_affected/fixed, with justification), <c>baseline</c> (already accepted), <c>min-age</c> (grace period).
/// </summary>
public sealed record Suppression(string Kind, string Reason, string? Owner = null, DateOnly? Expires = null, string? Justification = null);
