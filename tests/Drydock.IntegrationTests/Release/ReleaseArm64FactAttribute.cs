namespace Drydock.IntegrationTests.Release;

/// <summary>
/// Runs only with <c>DRYDOCK_TEST_RELEASE_ARM64=1</c> and the cross toolchain and qemu installed (a cross NativeAOT
/// publish takes many minutes: a release-time check, not part of the CI run); see <see cref="ReleaseArm64Requirements"/>.
/// </summary>
public sealed class ReleaseArm64FactAttribute : FactAttribute
{
    public ReleaseArm64FactAttribute() => Skip = ReleaseArm64Requirements.SkipReason(scan: false);
}
