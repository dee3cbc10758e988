using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Tests.Inventory.Rpm;

namespace Drydock.Tests.Inventory.Oracles;

/// <summary>
/// rpm itself as the oracle: <c>rpm --dbpath DIR -qa</c> with the matching <c>_db_backend</c> must list exactly our
/// packages (gpg-pubkey keys removed, as we leave them out). Debian's rpm 4.18 reads sqlite and (read-only) BerkeleyDB;
/// it has no ndb backend, so the NDB database is checked against go-rpmdb's lists instead (RpmDatabaseTests).
/// </summary>
[Trait("Category", "Oracle")]
public sealed class RpmQaOracleTests
{
    [SharedDataTheory]
    [InlineData("go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/rpmdb.sqlite", "sqlite")]
    [InlineData("go-rpmdb/pkg/testdata/cbl-mariner-2.0/rpmdb.sqlite", "sqlite")]
    [InlineData("go-rpmdb/pkg/testdata/libuuid/Packages", "bdb_ro")]
    [InlineData("syft/syft/pkg/cataloger/redhat/testdata/Packages", "bdb_ro")]
    public void Analyze_RealDatabase_EqualsRpmQa(string sharedPath, string backend)
    {
        // Given
        var dbPath = ToolRunner.TempDirectory();
        var fileName = Path.GetFileName(sharedPath);
        try
        {
            File.Copy(SharedTestData.Path(sharedPath), Path.Combine(dbPath, fileName));

            // When
            var oracle = ToolRunner.Run("rpm", "--dbpath", dbPath, "--define", "_db_backend " + backend, "-qa",
                    "--qf", "%{NAME}\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\t%{ARCH}\n")
                .Where(l => !l.StartsWith("gpg-pubkey\t", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            var analyzer = fileName == "rpmdb.sqlite" ? RpmDatabaseAnalyzer.Sqlite : RpmDatabaseAnalyzer.BerkeleyDb;
            var result = RpmDatabaseTests.Analyze(analyzer, fileName, sharedPath, OsInfo.Unknown);
            var ours = result.Packages
                .Select(p => $"{p.Name}\t{p.Epoch ?? 0}:{p.Version[(p.Version.IndexOf(':', StringComparison.Ordinal) + 1)..]}\t{p.Architecture}")
                .Order(StringComparer.Ordinal).ToList();

            // Then
            Assert.NotEmpty(oracle);
            Assert.Equal(oracle, ours);
            Assert.Empty(result.Warnings);
        }
        finally
        {
            Directory.Delete(dbPath, recursive: true);
        }
    }
}
