using System.Diagnostics;

namespace Drydock.Tests.Release;

/// <summary>
/// scripts/release.sh, scripts/build-image.sh and scripts/arm64-sysroot.sh refuse what they cannot do with one line on stderr and exit 2, before
/// building anything (docs/ci.md "Release artifacts").
/// </summary>
public sealed class ReleaseScriptTests
{
    [Fact]
    public void Release_UnknownRuntime_OneLineExit2()
    {
        // When
        var (code, stderr) = Run("release.sh", "linux-musl-x64");

        // Then
        Assert.Equal(2, code);
        Assert.Equal("release.sh: unknown argument 'linux-musl-x64' (RIDs: linux-x64, linux-arm64; see --help)\n", stderr);
    }

    [NoArm64CrossToolchainFact]
    public void Release_Arm64WithoutCrossToolchain_RefusesInOneLineExit2()
    {
        // When
        var (code, stderr) = Run("release.sh", "linux-x64", "linux-arm64");

        // Then: refused before the x64 build started (no "publish" line), naming what is missing
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("release.sh: linux-arm64 needs the aarch64 cross toolchain (", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildImage_UnknownArgument_OneLineExit2()
    {
        // When
        var (code, stderr) = Run("build-image.sh", "--push");

        // Then
        Assert.Equal(2, code);
        Assert.Equal("build-image.sh: unknown argument '--push' (see --help)\n", stderr);
    }

    [Fact]
    public void Arm64Sysroot_UnknownOptionOrNoFolder_OneLineExit2()
    {
        // When
        var unknown = Run("arm64-sysroot.sh", "--arch", "armhf");
        var none = Run("arm64-sysroot.sh");

        // Then: refused before apt is asked anything
        Assert.Equal((2, "arm64-sysroot.sh: unknown option '--arch' (see --help)\n"), unknown);
        Assert.Equal((2, "arm64-sysroot.sh: usage: scripts/arm64-sysroot.sh [--mirror URL] [--security-mirror URL|none] SYSROOT\n"), none);
    }

    private static (int Code, string Stderr) Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(SharedTestData.RepositoryRoot, "scripts", script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr);
    }
}

/// <summary>Skipped on a machine that has the aarch64 cross toolchain (there release.sh builds linux-arm64).</summary>
internal sealed class NoArm64CrossToolchainFactAttribute : FactAttribute
{
    public NoArm64CrossToolchainFactAttribute()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (path.Any(d => File.Exists(Path.Combine(d, "aarch64-linux-gnu-gcc"))) && File.Exists("/usr/aarch64-linux-gnu/lib/libc.so"))
            Skip = "the aarch64 cross toolchain is installed here: release.sh builds linux-arm64 instead of refusing";
    }
}
