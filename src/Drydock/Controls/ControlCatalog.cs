namespace Drydock.Controls;

/// <summary>The one explicit list of controls (no reflection), in report order.</summary>
public static class ControlCatalog
{
    /// <summary>The id of the control that says whether the tag still names the image (the gate's <c>--fail-on-stale</c>).</summary>
    public const string FreshnessControlId = "DRYDOCK-FRESHNESS";

    public static IReadOnlyList<IControl> All { get; } =
    [
        new Cis41NonRootUserControl(),
        new Cis42TrustedBaseImageControl(),
        new Cis43UnnecessaryPackagesControl(),
        new Cis44PatchedImageControl(),
        new Cis45ContentTrustControl(),
        new Cis46HealthcheckControl(),
        new Cis47UpdateAloneControl(),
        new Cis48SetuidFilesControl(),
        new Cis49AddInsteadOfCopyControl(),
        new Cis410SecretsControl(),
        new Cis411VerifiedPackagesControl(),
        new Cis412SignedArtifactsControl(),
        new LatestImageControl(),
    ];

    public static IReadOnlyList<string> Ids { get; } = All.Select(c => c.Id).ToList();
}
