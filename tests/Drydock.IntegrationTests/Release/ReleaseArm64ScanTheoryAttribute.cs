namespace Drydock.IntegrationTests.Release;

/// <summary>
/// A theory that scans images with the arm64 release binary under qemu: what <see cref="ReleaseArm64FactAttribute"/>
/// needs, plus the image tools, ../shared/testdata and a reachable Debian mirror for the arm64 sysroot.
/// </summary>
public sealed class ReleaseArm64ScanTheoryAttribute : TheoryAttribute
{
    public ReleaseArm64ScanTheoryAttribute() => Skip = ReleaseArm64Requirements.SkipReason(scan: true);
}
