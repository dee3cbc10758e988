using System.Text.RegularExpressions;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Cli;

public sealed class CommonOptionsCliTests
{
    [Fact]
    public async Task RootHelp_ExitCodeParagraph_AppearsOnce()
    {
        // When
        var (code, output, _) = await CliRun.RunAsync("--help");
        var (_, imageHelp, _) = await CliRun.RunAsync("image", "--help");

        // Then: once at the root, and still in a verb's own help
        Assert.Equal(0, code);
        Assert.Single(Regex.Matches(output, "Exit codes:"));
        Assert.Contains("image", output, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(imageHelp, "Exit codes:"));
    }

    [Fact]
    public async Task DbImport_Quiet_AcceptedLikeImage()
    {
        // Given: a bundle exported from a small database
        using var db = TestDatabase.From(new AdvisoryRecord(new VulnerabilityRecord { Id = "CVE-2024-1" },
            [new AffectedPackage { Namespace = "npm", Package = "lodash", VulnerabilityId = "CVE-2024-1", VersionScheme = "semver", DataSource = "test" }]));
        var bundle = Path.Combine(db.Directory, "bundle.tar.gz");
        var imported = Path.Combine(db.Directory, "imported.db");
        Assert.Equal(0, (await CliRun.RunAsync("db", "export", "--db", db.Path, bundle)).Code);

        // When
        var (code, _, error) = await CliRun.RunAsync("db", "import", "-q", "--db", imported, bundle);

        // Then
        Assert.True(code == 0, error);
        Assert.Equal($"drydock: database written to {imported}{Environment.NewLine}", error);
    }
}
