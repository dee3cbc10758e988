using System.Diagnostics;

namespace Drydock.IntegrationTests.Scanning;

/// <summary>
/// Eight <c>drydock image</c> processes at once over one shared layer cache and database (the real Alpine 3.11 secdb
/// and trivy's real alpine:3.11 <c>docker save</c>): all succeed, with byte-identical JSON reports.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConcurrentScanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("drydock-concurrent-").FullName;

    [SharedDataFact]
    public async Task EightProcesses_SharedCacheAndDatabase_IdenticalReports()
    {
        // Given: a database imported from the real Alpine v3.11 secdb
        var bundle = Path.Combine(_root, "bundle", "alpine-secdb", "v3.11");
        Directory.CreateDirectory(bundle);
        foreach (var f in Directory.GetFiles(SharedTestData.Path("alpine-secdb/v3.11"), "*.json")) File.Copy(f, Path.Combine(bundle, Path.GetFileName(f)));
        var import = await RunAsync("db", "import", Path.Combine(_root, "bundle"));
        Assert.True(import.Code == 0, import.Stderr);
        var image = SharedTestData.Path("trivy/pkg/fanal/test/testdata/alpine-311.tar.gz");

        // When: eight scans at once, all writing the same cold cache
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RunAsync("image", image, "-f", "json", "--exit-code", "0")));

        // Then
        Assert.All(runs, r => Assert.True(r.Code == 0, r.Stderr));
        Assert.All(runs, r => Assert.Equal(runs[0].Stdout, r.Stdout));
        Assert.Contains("\"family\": \"alpine\"", runs[0].Stdout, StringComparison.Ordinal);
        Assert.Contains("\"alpine-secdb", runs[0].Stdout, StringComparison.Ordinal);

        // And: the one layer was cached once, and `cache clean` empties the cache
        Assert.Contains("\t1 layer(s)", (await RunAsync("cache", "status")).Stdout, StringComparison.Ordinal);
        Assert.Contains("removed 1 layer(s)", (await RunAsync("cache", "clean")).Stdout, StringComparison.Ordinal);
        Assert.Contains("\t0 layer(s)", (await RunAsync("cache", "status")).Stdout, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drydock.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DRYDOCK_CACHE_DIR"] = Path.Combine(_root, "cache");
        start.Environment["DRYDOCK_DB"] = Path.Combine(_root, "cache", "vuln.db");
        start.Environment["SOURCE_DATE_EPOCH"] = "1767225600";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_root, true);
}
