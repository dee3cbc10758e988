using BenchmarkDotNet.Attributes;
using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Inventory.Rpm.Sqlite;

namespace Drydock.Benchmarks;

/// <summary>
/// The target: an rpm database of 1,000 packages parsed in under 200 ms. Input: go-rpmdb's real
/// Amazon Linux 2023 rpmdb.sqlite (103 headers) from ../shared/testdata. <see cref="Sqlite_AmazonLinux2023"/> is the
/// whole path (temp copy, SQLite read, header decode); <see cref="Headers_x10"/> decodes its headers ten times
/// (≈1,000 packages) to measure the header parser on its own.
/// Run: <c>dotnet run -c Release --project bench/Drydock.Benchmarks -- --filter *RpmParse*</c>.
/// </summary>
[MemoryDiagnoser]
public class RpmParseBenchmark
{
    private byte[] _database = [];
    private IReadOnlyList<byte[]> _blobs = [];

    [GlobalSetup]
    public void Setup()
    {
        _database = File.ReadAllBytes(FindDatabase());
        using var stream = new MemoryStream(_database);
        _blobs = RpmSqliteReader.Read(stream, CancellationToken.None).Blobs;
    }

    [Benchmark]
    public int Sqlite_AmazonLinux2023()
    {
        using var stream = new MemoryStream(_database);
        var blobs = RpmSqliteReader.Read(stream, CancellationToken.None).Blobs;
        var count = 0;
        foreach (var blob in blobs)
        {
            if (RpmHeaderParser.Parse(blob, out _) is { } h && RpmPackageFactory.Build(h, OsInfo.Unknown, "var/lib/rpm/rpmdb.sqlite", 0) is not null)
                count++;
        }
        return count;
    }

    [Benchmark]
    public int Headers_x10()
    {
        var count = 0;
        for (var round = 0; round < 10; round++)
        {
            foreach (var blob in _blobs)
            {
                if (RpmHeaderParser.Parse(blob, out _) is { } h && RpmPackageFactory.Build(h, OsInfo.Unknown, "x", 0) is not null) count++;
            }
        }
        return count;
    }

    internal static string FindDatabase()
    {
        const string relative = "testdata/go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/rpmdb.sqlite";
        if (Environment.GetEnvironmentVariable("DRYDOCK_SHARED_DIR") is { Length: > 0 } env) return Path.Combine(env, relative);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Drydock.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? ".", "..", "shared", relative);
    }
}
