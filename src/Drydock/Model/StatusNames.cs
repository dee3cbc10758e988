namespace Drydock.Model;

/// <summary>The stable snake_case names of <see cref="VulnerabilityStatus"/> used in the database and reports.</summary>
public static class StatusNames
{
    public static string ToName(VulnerabilityStatus status) => status switch
    {
        VulnerabilityStatus.Fixed => "fixed",
        VulnerabilityStatus.Affected => "affected",
        VulnerabilityStatus.WillNotFix => "will_not_fix",
        VulnerabilityStatus.FixDeferred => "fix_deferred",
        VulnerabilityStatus.EndOfLife => "end_of_life",
        VulnerabilityStatus.NotAffected => "not_affected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static VulnerabilityStatus Parse(string name) => name switch
    {
        "fixed" => VulnerabilityStatus.Fixed,
        "will_not_fix" => VulnerabilityStatus.WillNotFix,
        "fix_deferred" => VulnerabilityStatus.FixDeferred,
        "end_of_life" => VulnerabilityStatus.EndOfLife,
        "not_affected" => VulnerabilityStatus.NotAffected,
        _ => VulnerabilityStatus.Affected,
    };
}
