using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Inventory.Rpm;

namespace Drydock.Tests.Cli;

/// <summary>
/// Issue 18, whole process: a hostile package database or a stalled source under <c>--timeout</c>, SIGTERM or SIGINT
/// ends within a bound with the documented exit code, one stderr line and the process's temp directory removed; a file
/// over a read bound makes the scan incomplete and <c>--fail-on-incomplete</c> fails it.
/// </summary>
public sealed class HostileScanCliTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60); // a loaded 2-core CI box; the scans take ~3 s

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("rpm-recursive-view")]
    [InlineData("dpkg-continuation-lines")]
    public async Task Image_HostileDatabaseTimeout3s_EndsInBoundIncompleteOrTimedOutTempRemoved(string kind)
    {
        // Given: a never-ending recursive VIEW as rpm's Packages (ignored --timeout for 12 minutes on main), or a 2 MB
        // Description of continuation lines (76 s, quadratic, on main)
        var layer = kind == "rpm-recursive-view"
            ? new TarBuilder().File("etc/os-release", "ID=fedora\nVERSION_ID=40\n").File("var/lib/rpm/rpmdb.sqlite", RpmSqliteHostileTests.Database(
                "CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, zeroblob(1024) UNION ALL SELECT hnum + 1, blob FROM r) SELECT hnum, blob FROM r"))
            : new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=12\n").File("var/lib/dpkg/status", ContinuationStatus(2 << 20));
        new ImageBuilder().User("app").Layer(layer, Drydock.Images.LayerCompression.Gzip).WriteOciLayout(_dir.Path("img"));
        var watch = Stopwatch.StartNew();

        // When
        using var drydock = new DrydockProcess(_dir.Path("cache"), "--temp-dir", _dir.Path("tmp"), "image", "oci:" + _dir.Path("img"),
            "--scanners", "controls", "--no-cache", "--timeout", "3s", "-f", "json", "-q");
        var result = await drydock.WaitAsync(Bound);

        // Then: either the scan finished (the database refused or cut, so the report says it is incomplete), or the
        // timeout ended it: exit 3 and one line; either way nothing is left in the temp root
        Assert.NotNull(result);
        var (code, stdout, stderr) = result.Value;
        if (code == 3) Assert.Equal("drydock: timed out after 3s\n", stderr);
        else
        {
            Assert.True(code == 0, stderr);
            using var json = JsonDocument.Parse(stdout);
            Assert.False(json.RootElement.GetProperty("coverage").GetProperty("complete").GetBoolean());
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path("tmp")));
        Assert.True(watch.Elapsed < Bound, watch.Elapsed.ToString());
    }

    [Theory]
    [InlineData("--timeout", "drydock: timed out after 3s\n")]
    [InlineData("TERM", "drydock: cancelled\n")]
    public Task Image_StalledSourceTimeoutOrSignal_EndsWithExit3OneLineTempRemoved(string how, string line) => StalledSourceStopped(how, line);

    // SIGINT separately: a process started in the background by a non-interactive shell has SIGINT ignored, and the
    // child inherits that, so there the signal cannot reach Drydock at all (the attribute says so and skips).
    [SigIntDeliverableFact]
    public Task Image_StalledSourceInterrupted_EndsWithExit3OneLineTempRemoved() => StalledSourceStopped("INT", "drydock: cancelled\n");

    private async Task StalledSourceStopped(string how, string line)
    {
        // Given: a registry endpoint that accepts connections and never answers
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var accepted = listener.AcceptSocketAsync();
        string[] args = ["--temp-dir", _dir.Path("tmp"), "image", $"registry:{endpoint}/app:1", "--insecure-registry", endpoint,
            "--scanners", "controls", "--no-cache", "-q"];

        // When: stopped by --timeout, or signalled once it is waiting on the registry
        using var drydock = new DrydockProcess(_dir.Path("cache"), how == "--timeout" ? [.. args, "--timeout", "3s"] : args);
        using var socket = await accepted.WaitAsync(Bound);
        var watch = Stopwatch.StartNew();
        if (how != "--timeout") drydock.Signal(how);
        var result = await drydock.WaitAsync(Bound);

        // Then
        Assert.NotNull(result);
        Assert.Equal((3, line), (result.Value.Code, result.Value.Err));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(how == "--timeout" ? 30 : 10), watch.Elapsed.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path("tmp")));
    }

    [Theory]
    [InlineData("usr/local/bin/app", 0x1ed)]
    [InlineData("var/lib/dpkg/status", 0x1a4)]
    public async Task Image_DeclaredFileOverTheReadBound_IncompleteAndFailOnIncompleteFails(string path, int mode)
    {
        // Given: a Go-binary candidate (skipped without a word on main) or a dpkg status (0 packages, the gate passed on
        // main) padded past the 64 MiB read bound
        var head = Encoding.ASCII.GetBytes("Package: openssl\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n");
        var big = new byte[(64 << 20) + 1];
        head.CopyTo(big, 0);
        new ImageBuilder().User("app").Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=12\n").File(path, big, mode))
            .WriteOciLayout(_dir.Path("img"));
        string[] common = ["image", "oci:" + _dir.Path("img"), "--scanners", "controls", "--no-cache", "--exit-code", "1", "-f", "json"];

        // When
        var plain = await CliRun.RunAsync(common);
        var strict = await CliRun.RunAsync([.. common, "--fail-on-incomplete"]);

        // Then: stated in the report and on stderr, and the gate fails closed when asked (the controls' own failures are
        // gate reasons too, so the incompleteness is checked by its reason)
        Assert.Contains(plain.Err.Split('\n'), l => l.Contains("coverage gap: ", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
        Assert.DoesNotContain(Reasons(plain.Out), r => r.StartsWith("incomplete: ", StringComparison.Ordinal));
        Assert.Equal(1, strict.Code);
        using var json = JsonDocument.Parse(strict.Out);
        var coverage = json.RootElement.GetProperty("coverage");
        Assert.False(coverage.GetProperty("complete").GetBoolean());
        Assert.Contains(coverage.GetProperty("gaps").EnumerateArray(), g => g.GetProperty("message").GetString()!.Contains(path, StringComparison.Ordinal));
        Assert.Contains(Reasons(strict.Out), r => r.StartsWith("incomplete: ", StringComparison.Ordinal) && r.Contains(path, StringComparison.Ordinal));
    }

    private static List<string> Reasons(string report)
    {
        using var json = JsonDocument.Parse(report);
        return [.. json.RootElement.GetProperty("gate").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];
    }

    private static byte[] ContinuationStatus(int size)
    {
        var text = new StringBuilder("Package: a\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\nDescription: x\n");
        while (text.Length < size) text.Append(" continuation-ln\n");
        text.Append("\nPackage: b\nStatus: install ok installed\nVersion: 2.0-1\nArchitecture: amd64\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}

/// <summary>Skips when this test process ignores SIGINT (SigIgn of /proc/self/status), as its children then do too.</summary>
internal sealed class SigIntDeliverableFactAttribute : FactAttribute
{
    public SigIntDeliverableFactAttribute()
    {
        var mask = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (mask is not null && (Convert.ToUInt64(mask["SigIgn:".Length..].Trim(), 16) & 0x2) != 0)
            Skip = "SIGINT is ignored in this test process (started in the background by a non-interactive shell), so a child cannot receive it";
    }
}
