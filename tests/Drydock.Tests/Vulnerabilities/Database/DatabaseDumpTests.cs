using System.Security.Cryptography;
using System.Text;
using Drydock.Tests.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;
using Microsoft.Data.Sqlite;

namespace Drydock.Tests.Vulnerabilities.Database;

/// <summary>
/// The import's output is fixed by its input (issue 13 §2: the import was made faster without changing a row): a
/// database built from the peer projects' feed fixtures is dumped table by table (every column, every row, sorted) and
/// each table's row count and SHA-256 are compared with what the import before the speed-up wrote
/// (<c>DatabaseDump.golden.txt</c>, rewritten with UPDATE_GOLDEN=1; it holds digests only, not the fixtures' data).
/// </summary>
public sealed class DatabaseDumpTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    // Feed folder in the bundle ← fixture (a folder, or a file copied under the given name).
    private static readonly (string Feed, string Fixture, string? FileName)[] Fixtures =
    [
        ("alpine-secdb", "trivy-db/pkg/vulnsrc/alpine/testdata/happy/vuln-list/alpine", null),
        ("debian-tracker", "vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json", "tracker.json"),
        ("ubuntu-tracker", "trivy-db/pkg/vulnsrc/ubuntu/testdata", null),
        ("redhat-csaf", "trivy-db/pkg/vulnsrc/redhat-csaf/testdata/vuln-list-redhat", null),
        ("osv", "trivy-db/pkg/vulnsrc/osv/testdata/happy/vuln-list/osv", null),
        ("nvd", "trivy-db/pkg/vulnsrc/nvd/testdata/happy/vuln-list-nvd", null),
    ];

    [SharedDataFact]
    public async Task BuildAsync_PeerFeedFixtures_SameRowsAsBeforeTheSpeedUp()
    {
        // Given: a bundle of six feeds' fixtures, a stopped clock
        using var db = TestDatabase.Empty();
        var bundle = Path.Combine(db.Directory, "bundle");
        foreach (var (feed, fixture, fileName) in Fixtures)
        {
            var target = Path.Combine(bundle, feed);
            if (fileName is null) CopyTree(SharedTestData.Path(fixture), target);
            else
            {
                Directory.CreateDirectory(target);
                File.Copy(SharedTestData.Path(fixture), Path.Combine(target, fileName));
            }
        }
        var time = new FixedTimeProvider(Now);

        // When
        await DatabaseBuilder.BuildAsync(db.Path, bundle, FeedRegistry.All(time), new Dictionary<string, FeedState>(), time, NullProgressSink.Instance, CancellationToken.None);

        // Then: every table as the import before the speed-up wrote it, and no table empty that the fixtures fill
        var dump = Dump(db.Path);
        Assert.All(new[] { "affected", "vulnerability", "alias", "cvss", "reference", "product_cpe" }, t => Assert.DoesNotContain($"{t} 0 ", dump, StringComparison.Ordinal));
        var golden = Path.Combine(SharedTestData.RepositoryRoot, "tests", "Drydock.Tests", "Vulnerabilities", "Database", "DatabaseDump.golden.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1") await File.WriteAllTextAsync(golden, dump);
        Assert.Equal(await File.ReadAllTextAsync(golden), dump);
    }

    /// <summary>One line per table: name, row count, SHA-256 of its rows (every column, tab-separated, sorted ordinally).</summary>
    internal static string Dump(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        c.Open();
        var text = new StringBuilder();
        foreach (var table in Lines(c, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))
        {
            var rows = Lines(c, $"SELECT * FROM \"{table}\"");
            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', rows))));
            text.Append(table).Append(' ').Append(rows.Count).Append(' ').Append(hash).Append('\n');
        }
        return text.ToString();
    }

    // Each row of the query's result as one line: its columns tab-separated, NULL as \N.
    private static List<string> Lines(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var lines = new List<string>();
        while (r.Read())
            lines.Add(string.Join('\t', Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "\\N" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return lines;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
