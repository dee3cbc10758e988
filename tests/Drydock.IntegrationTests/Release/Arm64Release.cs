using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// What the linux-arm64 release tests share, each made once per test run and only when a test asks for it (a skipped
/// class never builds anything): the archive from <c>scripts/release.sh linux-arm64</c> (a cross NativeAOT publish,
/// 10–50 minutes) unpacked, and the arm64 sysroot from <c>scripts/arm64-sysroot.sh</c> (Debian 12's arm64 libc6 and
/// libssl3, fetched through an apt configuration of its own, never installed).
/// </summary>
public sealed class Arm64Release : IDisposable
{
    private readonly string _dir = TestRoot.NewRunDirectory("release-arm64");
    private readonly Lazy<Task<string>> _archive;
    private readonly Lazy<Task<string>> _sysroot;

    public Arm64Release()
    {
        _archive = new(() => BuildArchiveAsync(Path.Combine(_dir, "out")));
        _sysroot = new(() => BuildSysrootAsync(Path.Combine(_dir, "sysroot")));
    }

    /// <summary>The folder <c>scripts/release.sh</c> wrote the archive and <c>SHA256SUMS</c> into.</summary>
    public string Output => Path.Combine(_dir, "out");

    /// <summary>The unpacked archive's folder (<c>drydock-VERSION-linux-arm64/</c>), built on first use.</summary>
    public Task<string> UnpackedAsync() => _archive.Value;

    /// <summary>The arm64 sysroot for <c>qemu-aarch64-static -L</c>, built on first use.</summary>
    public Task<string> SysrootAsync() => _sysroot.Value;

    /// <summary>A fresh folder under this run's directory.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> BuildArchiveAsync(string output)
    {
        // The release build of arm64 only (no tool package); the script checks both ELF files are AArch64.
        await ExternalProcess.RunAsync("bash", [Script("release.sh"), "--out", output, "--no-tool", "linux-arm64"], TimeSpan.FromMinutes(90));
        var archive = Assert.Single(Directory.GetFiles(output, "*.tar.gz"));
        await ExternalProcess.RunAsync("tar", ["-xzf", archive, "-C", _dir], TimeSpan.FromMinutes(1));
        return Path.Combine(_dir, Path.GetFileName(archive)[..^".tar.gz".Length]);
    }

    private static async Task<string> BuildSysrootAsync(string sysroot)
    {
        await ExternalProcess.RunAsync("bash", [Script("arm64-sysroot.sh"), sysroot], TimeSpan.FromMinutes(15));
        return sysroot;
    }

    private static string Script(string name) => Path.Combine(SharedTestData.RepositoryRoot, "scripts", name);
}
