using Drydock.Images.FileSystem;
using Drydock.Inventory.Apk;
using Drydock.Inventory.Dpkg;
using Drydock.Inventory.Languages.DotNet;
using Drydock.Inventory.Languages.Go;
using Drydock.Inventory.Languages.Java;
using Drydock.Inventory.Languages.Npm;
using Drydock.Inventory.Languages.Php;
using Drydock.Inventory.Languages.Python;
using Drydock.Inventory.Languages.Ruby;
using Drydock.Inventory.Languages.Rust;
using Drydock.Inventory.OsRelease;
using Drydock.Inventory.RedHat;
using Drydock.Inventory.Rpm;

namespace Drydock.Inventory;

/// <summary>
/// The one explicit registration list of analyzers (no reflection: it must be visible what runs, and trimming/AOT
/// must keep it). Adding an ecosystem adds one line here.
/// </summary>
public static class Analyzers
{
    /// <summary>The OS detector, run before the analyzers (they need the OS for purls).</summary>
    public static OsDetector Os { get; } = new();

    /// <summary>Every package analyzer, OS package managers first.</summary>
    public static IReadOnlyList<IAnalyzer> All { get; } =
    [
        new DpkgStatusAnalyzer(),
        new DpkgStatusDirectoryAnalyzer(),
        new ApkInstalledAnalyzer(),
        RpmDatabaseAnalyzer.Sqlite,
        RpmDatabaseAnalyzer.BerkeleyDb,
        RpmDatabaseAnalyzer.Ndb,
        new RedHatBuildInfoAnalyzer(),
        new NpmPackageJsonAnalyzer(),
        new NpmLockfileAnalyzer(),
        PythonMetadataAnalyzer.DistInfo,
        PythonMetadataAnalyzer.EggInfo,
        new GoBinaryAnalyzer(),
        new JavaArchiveAnalyzer(),
        new DotNetDepsAnalyzer(),
        new GemspecAnalyzer(),
        new RustBinaryAnalyzer(),
        new ComposerInstalledAnalyzer(),
    ];

    /// <summary>Everything the layer walker must keep for the inventory: the OS detector and every analyzer.</summary>
    public static IReadOnlyList<IFileInterest> FileInterests { get; } = [Os, .. All];
}
