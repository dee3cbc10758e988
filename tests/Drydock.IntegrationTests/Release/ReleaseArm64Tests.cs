using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Hosts;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// The linux-arm64 release archive (issue 13 §4, docs/ci.md "linux-arm64"): <c>scripts/release.sh linux-arm64</c>
/// cross-compiles NativeAOT on this x64 machine with Debian's aarch64 cross toolchain; the archive and SHA256SUMS are
/// checked (both files AArch64 ELF, the arm64 <c>libe_sqlite3.so</c> beside the binary), and the unpacked binary runs
/// under qemu-aarch64-static: <c>version --verbose</c> with Debian's arm64 cross libc, and <c>drydock image</c> scans in a
/// sysroot of Debian's arm64 packages (<c>scripts/arm64-sysroot.sh</c>: libc6 and the libssl3 .NET loads), whose JSON
/// reports must equal those of the x64 build of the same source on the same layouts and database.
/// The archive is built once for the class (<see cref="Arm64Release"/>); a cross AOT publish takes many minutes, so the
/// tests run only when <c>DRYDOCK_TEST_RELEASE_ARM64=1</c> is set (a release-time check, not part of the CI run).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReleaseArm64Tests(Arm64Release release) : IClassFixture<Arm64Release>
{
    [ReleaseArm64Fact]
    public async Task ReleaseScript_Arm64_ArchiveSummedAndBinaryRunsUnderQemu()
    {
        // Given, When: the release build of arm64 only (no tool package), unpacked
        var folder = await release.UnpackedAsync();

        // Then: one archive, its sum checks, and it holds exactly the binary, the SQLite library and the README
        var archive = Assert.Single(Directory.GetFiles(release.Output, "*.tar.gz"));
        var name = Path.GetFileName(archive)[..^".tar.gz".Length];
        Assert.Matches(@"^drydock-\d+\.\d+\.\d+.*-linux-arm64$", name);
        Assert.Equal($"{Path.GetFileName(archive)}: OK\n",
            await ExternalProcess.RunAsync("bash", ["-c", "cd \"$1\" && sha256sum -c SHA256SUMS", "sha256sum", release.Output], TimeSpan.FromMinutes(1)));
        var listing = (await ExternalProcess.RunAsync("tar", ["-tzf", archive], TimeSpan.FromMinutes(1))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{name}/", $"{name}/README.md", $"{name}/drydock", $"{name}/libe_sqlite3.so"], listing.Order(StringComparer.Ordinal));
        Assert.Equal(AArch64, ElfMachine(Path.Combine(folder, "drydock")));
        Assert.Equal(AArch64, ElfMachine(Path.Combine(folder, "libe_sqlite3.so")));

        // When: run under qemu, as an arm64 machine would
        var version = await ExternalProcess.RunAsync("qemu-aarch64-static", ["-L", "/usr/aarch64-linux-gnu", Path.Combine(folder, "drydock"), "version", "--verbose"],
            TimeSpan.FromMinutes(5));

        // Then: the arm64 runtime answers
        Assert.StartsWith("drydock ", version, StringComparison.Ordinal);
        Assert.Contains("runtime: .NET 10.", version, StringComparison.Ordinal);
        Assert.Contains("(linux-arm64)", version, StringComparison.Ordinal);
    }

    [ReleaseArm64ScanTheory]
    [InlineData("alpine-311")]
    [InlineData("debian-essential")]
    [InlineData("debian-essential-zstd")]
    public async Task ImageScan_Arm64UnderQemu_SameReportAsX64(string image)
    {
        // Given: an OCI layout, a database imported by the x64 build, the arm64 binary and its sysroot
        var work = release.NewDirectory("scan-" + image);
        var target = await LayoutAsync(image, work);
        var bundle = Path.Combine(work, "bundle");
        HostAuditVulnerabilityTests.WriteBundle(bundle);
        WriteDebianTracker(Path.Combine(bundle, "debian-tracker"));
        var db = Path.Combine(work, "vuln.db");
        await ExternalProcess.RunAsync("dotnet", [X64Drydock, "db", "import", bundle, "--db", db], TimeSpan.FromMinutes(5), RunEnvironment(work, "x64"));
        var folder = await release.UnpackedAsync();
        var sysroot = await release.SysrootAsync();
        string[] scan = ["image", target, "--scanners", "controls,vuln", "--db", db, "-f", "json", "--quiet"];

        // When: the same scan by the x64 build and by the arm64 binary under qemu, each with a cold cache of its own
        var x64 = await ExternalProcess.RunAsync("dotnet", [X64Drydock, .. scan], TimeSpan.FromMinutes(5), RunEnvironment(work, "x64"));
        var arm64 = await ExternalProcess.RunAsync("qemu-aarch64-static", ["-L", sysroot, Path.Combine(folder, "drydock"), .. scan],
            TimeSpan.FromMinutes(20), RunEnvironment(work, "arm64"));

        // Then: the same report but for the time it was made, and one with substance: packages, controls, findings
        Assert.Equal(WithoutTimestamp(x64), WithoutTimestamp(arm64));
        var report = JsonNode.Parse(arm64)!;
        Assert.Equal(image.StartsWith("alpine", StringComparison.Ordinal) ? "alpine" : "debian", report["os"]!["family"]!.GetValue<string>());
        Assert.NotEmpty(report["packages"]!.AsArray());
        Assert.Equal(13, report["controls"]!.AsArray().Count);
        var findings = report["findings"]!.AsArray().Select(f => $"{f!["vulnerabilityId"]} {f["packageName"]} {f["status"]}").Order(StringComparer.Ordinal);
        Assert.Equal(ExpectedFindings(image), findings);
    }

    /// <summary>
    /// The findings the database gives: for alpine:3.11 those of <see cref="HostAuditVulnerabilityTests.WriteBundle"/>
    /// (one origin each for musl, busybox and zlib); for Debian those of <see cref="WriteDebianTracker"/>: glibc's open
    /// CVE on every glibc binary package, dpkg's fix, and none for zlib (fixed before the installed version).
    /// </summary>
    private static string[] ExpectedFindings(string image) => image.StartsWith("alpine", StringComparison.Ordinal)
        ? ["CVE-2020-0001 musl fixed", "CVE-2020-0001 musl-utils fixed", "CVE-2023-0001 zlib fixed", "CVE-2024-0069 busybox fixed", "CVE-2024-0069 ssl_client fixed"]
        : ["CVE-2020-0001 dpkg fixed", "CVE-2023-0001 libc-bin affected", "CVE-2023-0001 libc6 affected"];

    /// <summary>
    /// A Debian security tracker file in the real layout for packages of the Debian 12 test image: glibc open
    /// (no fix), dpkg fixed in a version above the installed one, zlib fixed with an epoch below it.
    /// </summary>
    private static void WriteDebianTracker(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "tracker.json"), """
            {"glibc": {"CVE-2023-0001": {"description": "d", "releases": {"bookworm": {"status": "open", "urgency": "low"}}}},
             "dpkg": {"CVE-2020-0001": {"description": "d", "releases": {"bookworm": {"status": "resolved", "fixed_version": "99.0", "urgency": "medium"}}}},
             "zlib": {"CVE-2024-0069": {"description": "d", "releases": {"bookworm": {"status": "resolved", "fixed_version": "1:1.2.0-1", "urgency": "high"}}}}}
            """);
    }

    private static async Task<string> LayoutAsync(string image, string work)
    {
        if (image == "alpine-311")
        {
            // trivy's real `docker save alpine:3.11` as an OCI layout (skopeo reads only an uncompressed docker-archive)
            var tar = Path.Combine(work, "alpine-311.tar");
            await ExternalProcess.RunAsync("bash", ["-c", "gunzip -c \"$1\" > \"$2\"", "gunzip",
                SharedTestData.Path("trivy/pkg/fanal/test/testdata/alpine-311.tar.gz"), tar], TimeSpan.FromMinutes(1));
            var layout = Path.Combine(work, "alpine-oci");
            await ExternalProcess.RunAsync("skopeo", ["copy", "-q", "docker-archive:" + tar, $"oci:{layout}:3.11"], TimeSpan.FromMinutes(2));
            return $"oci:{layout}:3.11";
        }
        await TestImages.EnsureBuiltAsync();
        return $"oci:{(image == "debian-essential" ? TestImages.OciLayout : TestImages.OciZstdLayout)}:{TestImages.Tag}";
    }

    private static string X64Drydock => Path.Combine(AppContext.BaseDirectory, "drydock.dll");

    private static Dictionary<string, string> RunEnvironment(string work, string which) => new()
    {
        ["DRYDOCK_CACHE_DIR"] = Path.Combine(work, "cache-" + which),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private static string WithoutTimestamp(string json)
    {
        var report = JsonNode.Parse(json)!.AsObject();
        Assert.True(report.Remove("generatedAt"), "the report has no generatedAt");
        return report.ToJsonString();
    }

    /// <summary>ELF e_machine of AArch64 (the ELF spec's EM_AARCH64).</summary>
    private const int AArch64 = 183;

    private static int ElfMachine(string path)
    {
        var header = new byte[20];
        using (var file = File.OpenRead(path)) file.ReadExactly(header);
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return header[18] | (header[19] << 8);
    }
}
