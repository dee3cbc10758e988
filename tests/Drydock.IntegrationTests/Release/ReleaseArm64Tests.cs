using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// The linux-arm64 release archive (issue 13 §4, docs/ci.md "Release artifacts"): <c>scripts/release.sh linux-arm64</c>
/// cross-compiles NativeAOT on this x64 machine with Debian's aarch64 cross toolchain; the archive and SHA256SUMS are
/// checked (both files AArch64 ELF, the arm64 <c>libe_sqlite3.so</c> beside the binary), and the unpacked binary runs
/// under qemu-aarch64-static with Debian's arm64 cross libc (<c>-L /usr/aarch64-linux-gnu</c>): <c>version --verbose</c>.
/// A scan under qemu also needs an arm64 libssl3, which the cross packages do not provide (docs/ci.md).
/// A cross AOT publish takes many minutes (longer under load), so the test runs only when
/// <c>DRYDOCK_TEST_RELEASE_ARM64=1</c> is set (a release-time check, not part of the 30-minute CI run).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReleaseArm64Tests : IDisposable
{
    private readonly string _dir = TestRoot.NewRunDirectory("release-arm64");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ReleaseArm64Fact]
    public async Task ReleaseScript_Arm64_ArchiveSummedAndBinaryRunsUnderQemu()
    {
        // Given
        var output = Path.Combine(_dir, "out");

        // When: the release build of arm64 only (no tool package)
        await ExternalProcess.RunAsync("bash", [Path.Combine(SharedTestData.RepositoryRoot, "scripts", "release.sh"), "--out", output, "--no-tool", "linux-arm64"],
            TimeSpan.FromMinutes(90));

        // Then: one archive, its sum checks, and it holds exactly the binary, the SQLite library and the README
        var archive = Assert.Single(Directory.GetFiles(output, "*.tar.gz"));
        var name = Path.GetFileName(archive)[..^".tar.gz".Length];
        Assert.Matches(@"^drydock-\d+\.\d+\.\d+.*-linux-arm64$", name);
        Assert.Equal($"{Path.GetFileName(archive)}: OK\n",
            await ExternalProcess.RunAsync("bash", ["-c", "cd \"$1\" && sha256sum -c SHA256SUMS", "sha256sum", output], TimeSpan.FromMinutes(1)));
        var listing = (await ExternalProcess.RunAsync("tar", ["-tzf", archive], TimeSpan.FromMinutes(1))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([$"{name}/", $"{name}/README.md", $"{name}/drydock", $"{name}/libe_sqlite3.so"], listing.Order(StringComparer.Ordinal));
        await ExternalProcess.RunAsync("tar", ["-xzf", archive, "-C", _dir], TimeSpan.FromMinutes(1));
        var folder = Path.Combine(_dir, name);
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

/// <summary>Runs only with DRYDOCK_TEST_RELEASE_ARM64=1 and the cross toolchain and qemu installed.</summary>
public sealed class ReleaseArm64FactAttribute : FactAttribute
{
    public const string Variable = "DRYDOCK_TEST_RELEASE_ARM64";

    public ReleaseArm64FactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"a cross NativeAOT publish takes many minutes: set {Variable}=1 to build and check the linux-arm64 release archive";
        else if (TestRoot.MissingTools(["clang", "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-ld", "qemu-aarch64-static", "sha256sum"]) is { } missing)
            Skip = missing + " (docs/ci.md: the arm64 release needs gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user-static)";
    }
}
