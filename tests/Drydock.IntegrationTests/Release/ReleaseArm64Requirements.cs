using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// When the linux-arm64 release tests run (docs/ci.md "linux-arm64"): only with <c>DRYDOCK_TEST_RELEASE_ARM64=1</c>, the
/// aarch64 cross toolchain and qemu-user; a scan under qemu also needs the image tools, ../shared/testdata and the Debian
/// mirror <c>scripts/arm64-sysroot.sh</c> fetches libc6 and libssl3 from (probed only when the variable is set).
/// </summary>
internal static class ReleaseArm64Requirements
{
    public const string Variable = "DRYDOCK_TEST_RELEASE_ARM64";

    private static readonly string[] BuildTools = ["clang", "aarch64-linux-gnu-gcc", "aarch64-linux-gnu-ld", "qemu-aarch64-static", "sha256sum"];
    private static readonly string[] ScanTools = ["apt-get", "dpkg-deb", "gunzip", "skopeo", "mmdebstrap", "umoci"];

    /// <summary>Null when the test can run; else the reason it is skipped.</summary>
    public static string? SkipReason(bool scan)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            return $"a cross NativeAOT publish takes many minutes: set {Variable}=1 to build and check the linux-arm64 release archive";
        if (TestRoot.MissingTools(BuildTools) is { } missing)
            return missing + " (docs/ci.md: the arm64 release needs gcc-aarch64-linux-gnu, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user-static)";
        if (!scan) return null;
        if (TestRoot.MissingTools(ScanTools) is { } tools) return tools;
        if (!SharedTestData.Available) return "needs ../shared/testdata (peer conformance data), which is not beside this clone";
        return DebianMirror.Unreachable() is { } why ? "the arm64 sysroot's packages (libc6, libssl3) cannot be fetched: " + why : null;
    }
}
