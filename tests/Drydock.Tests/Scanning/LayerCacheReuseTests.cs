using Drydock.Scanning;
using Drydock.Tests.Builders;
using Drydock.Tests.Images.Sources;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Scanning;

/// <summary>
/// A cached layer answers only requests it was read for (issue 11, part 2): every order of the commands' scans on one
/// cache gives what each gives on an empty cache. The requests are the ones the CLI builds: <c>sbom</c> (no controls,
/// no database), <c>image --scanners vuln</c> and the host audit's scan (no controls, a database), <c>image --scanners
/// controls</c>, <c>image</c>.
/// </summary>
public sealed class LayerCacheReuseTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly TestDatabase _db = TestDatabase.From(new AdvisoryRecord(null, [ScanCoverageTests.Row("debian:12", "openssl", "CVE-2024-1", "3.0.11-1")]));

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private string BuildImage()
    {
        var layout = _dir.Path("img");
        new ImageBuilder()
            .Layer(ScanCoverageTests.Debian12())
            .Layer(new TarBuilder()
                .File("etc/apt/sources.list.d/extra.list", "deb [trusted=yes] http://example.org/debian bookworm main\n")
                .File("root/.ssh/id_rsa", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n", mode: 0x180)
                .File("app/.env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ\n")
                .File("app/config/.npmrc", "//registry.npmjs.org/:_authToken=npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n"))
            .WriteOciLayout(layout, "t");
        return "oci:" + layout + ":t";
    }

    /// <summary>The scan each command assembles: sbom (no database, no controls), vuln and the host audit (a database, no controls), controls, image.</summary>
    private async Task<ScanReport> ScanAsync(string command, string target, string? cache, IProgressSink? progress = null)
    {
        using var scanner = TestScanner.With(command is "sbom" or "controls" ? null : _db.Path, cache);
        var request = TestScanner.Request(target) with
        {
            RunControls = command is "controls" or "image",
            Progress = progress ?? NullProgressSink.Instance,
        };
        return await scanner.ScanAsync(request, CancellationToken.None);
    }

    /// <summary>What a user sees: the packages, findings, each control's outcome with its evidence, and the gate.</summary>
    private static string Outcome(ScanReport r) => string.Join("\n",
        r.Inventory.Packages.Select(p => p.Purl)
            .Concat(r.Findings.Select(f => $"{f.VulnerabilityId} {f.PackagePurl}"))
            .Concat(r.Controls.Select(c => $"{c.Id} {c.Outcome}: {string.Join(" | ", c.Evidence.Select(e => e.Message))}"))
            .Append($"gate {r.Gate?.Passed} {string.Join(";", r.Gate?.Reasons ?? [])}"));

    private static readonly string[] Commands = ["sbom", "vuln", "controls", "image"];

    private static IEnumerable<string[]> Orders(string[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany((first, i) => Orders([.. items.Where((_, j) => j != i)]).Select(rest => (string[])[first, .. rest]));

    /// <summary>
    /// Every order of the four CLI requests, with the host audit's scan slotted in at every position in turn (it asks
    /// for what <c>vuln</c> asks for, so its own permutations would repeat those).
    /// </summary>
    private static IEnumerable<string[]> AllOrders() =>
        Orders(Commands).Select((order, n) => (string[])[.. order.Take(n % 5), "host-audit", .. order.Skip(n % 5)]);

    [Fact]
    public async Task ScanAsync_EveryOrderOfCommandsOnOneCache_SameAsOnAnEmptyCache()
    {
        // Given: what each command gives on an empty cache
        var target = BuildImage();
        var expected = new Dictionary<string, string>();
        foreach (var command in Commands.Append("host-audit"))
            expected[command] = Outcome(await ScanAsync(command, target, _dir.Path($"empty-{command}.db")));
        var secrets = Assert.Single(expected["image"].Split('\n'), l => l.StartsWith("CIS-4.10 ", StringComparison.Ordinal));
        Assert.StartsWith("CIS-4.10 Fail", secrets, StringComparison.Ordinal);
        Assert.Contains("/root/.ssh/id_rsa", secrets, StringComparison.Ordinal);
        Assert.Contains("CIS-4.11 Fail", expected["image"], StringComparison.Ordinal);
        Assert.Contains("CVE-2024-1", expected["vuln"], StringComparison.Ordinal);

        // When / Then: every order, on a cache of its own
        var n = 0;
        foreach (var order in AllOrders())
        {
            var cache = _dir.Path($"cache-{n++}.db");
            foreach (var command in order)
            {
                var got = Outcome(await ScanAsync(command, target, cache));
                Assert.True(expected[command] == got, $"{command} after [{string.Join(", ", order)}] differs:\n{got}\nexpected:\n{expected[command]}");
            }
        }
    }

    [Fact]
    public async Task ScanAsync_ImageAfterSbom_ReadsTheLayersAgain_ThenTheSbomIsServedFromTheWiderRecord()
    {
        // Given
        var target = BuildImage();
        var cache = _dir.Path("cache.db");
        await ScanAsync("sbom", target, cache);

        // When
        var image = new RecordingProgress();
        await ScanAsync("image", target, cache, image);
        var sbom = new RecordingProgress();
        await ScanAsync("sbom", target, cache, sbom);

        // Then: the image scan could not use the sbom's records; the sbom could use the image's
        Assert.DoesNotContain(image.Items, i => i.EndsWith("(cached)", StringComparison.Ordinal));
        Assert.Equal(2, sbom.Items.Count(i => i.EndsWith("(cached)", StringComparison.Ordinal)));
    }

    private sealed class RecordingProgress : IProgressSink
    {
        public List<string> Items { get; } = [];

        public void Report(string stage, string item, long done, long? total)
        {
            if (stage == "layers") Items.Add(item);
        }

        public void Warn(string message)
        {
        }
    }
}
