using Drydock.Inventory.Dpkg;

namespace Drydock.Tests.Inventory.Oracles;

/// <summary>
/// dpkg's own reader as the oracle: <c>dpkg-query --admindir</c> over each of Trivy's status files (copied into a
/// temporary admin dir with an empty <c>available</c> and <c>info/</c>) must list exactly the packages our parser
/// calls installed. dpkg-query -W also lists packages whose status is not "installed" (config-files, half-installed),
/// so its <c>db:Status-Status</c> column is printed and filtered on.
/// </summary>
[Trait("Category", "Oracle")]
public sealed class DpkgQueryOracleTests
{
    [SharedDataTheory]
    [InlineData("valid")]
    [InlineData("corrupsed")]
    [InlineData("only-apt")]
    [InlineData("digest")]
    [InlineData("md5sums")]
    [InlineData("third-party")]
    public void Parse_TrivyStatusFile_EqualsDpkgQuery(string folder)
    {
        // Given
        var status = SharedTestData.Path($"trivy/pkg/fanal/analyzer/pkg/dpkg/testdata/unpacked/{folder}/var/lib/dpkg/status");
        var admin = ToolRunner.TempDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(admin, "info"));
            Directory.CreateDirectory(Path.Combine(admin, "updates"));
            File.WriteAllText(Path.Combine(admin, "available"), "");
            File.Copy(status, Path.Combine(admin, "status"));

            // When
            var oracle = ToolRunner.Run("dpkg-query", "--admindir=" + admin, "-W", "-f=${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\n")
                .Select(l => l.Split('\t')).Where(f => f[0] == "installed").Select(f => string.Join('\t', f[1..])).Order(StringComparer.Ordinal);
            using var reader = new StreamReader(status);
            var ours = DpkgStatusParser.Parse(reader).Installed.Select(e => $"{e.Name}\t{e.Version}\t{e.Architecture}").Order(StringComparer.Ordinal);

            // Then
            Assert.Equal(oracle, ours);
        }
        finally
        {
            Directory.Delete(admin, recursive: true);
        }
    }
}
