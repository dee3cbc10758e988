using Drydock.Inventory.OsRelease;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.OsRelease;

public sealed class OsDetectorTests
{
    private static Drydock.Inventory.OsInfo Detect(MemoryFileSystem fs)
    {
        var detector = new OsDetector();
        return detector.Detect(fs.KeepingOnly(detector));
    }

    [Fact]
    public void Detect_OsReleaseSymlinkToUsrLib_FollowsLink()
    {
        // Given: Debian's layout, etc/os-release -> ../usr/lib/os-release
        var fs = new MemoryFileSystem()
            .AddFile("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n")
            .AddSymlink("etc/os-release", "../usr/lib/os-release")
            .AddFile("etc/debian_version", "12.4\n");

        // When
        var os = Detect(fs);

        // Then
        Assert.Equal(("debian", "12", "bookworm"), (os.Family, os.Version, os.Codename));
        Assert.Equal("etc/os-release", os.Source);
    }

    [Fact]
    public void Detect_UbuntuWithDebianVersion_IsUbuntu()
    {
        var fs = new MemoryFileSystem()
            .AddFile("etc/debian_version", "bookworm/sid\n")
            .AddFile("etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n");
        var os = Detect(fs);
        Assert.Equal(("ubuntu", "22.04", "jammy"), (os.Family, os.Version, os.Codename));
    }

    [Fact]
    public void Detect_DebianSidWithoutVersionId_FallsBackToDebianVersion()
    {
        var fs = new MemoryFileSystem()
            .AddFile("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nID=debian\n")
            .AddFile("etc/debian_version", "trixie/sid\n");
        var os = Detect(fs);
        Assert.Equal(("debian", "trixie/sid"), (os.Family, os.Version));
    }

    [Theory]
    [InlineData("ID=wolfi\nVERSION_ID=20230201\n", "wolfi", "20230201")]
    [InlineData("ID=chainguard\nVERSION_ID=20230214\n", "chainguard", "20230214")]
    [InlineData("ID=amzn\nVERSION_ID=\"2023\"\n", "amazon", "2023")]
    [InlineData("NAME=\"CentOS Stream\"\nID=\"centos\"\nVERSION_ID=\"9\"\n", "centos-stream", "9")]
    public void Detect_OsReleaseIds_MapToFamilies(string osRelease, string family, string version)
    {
        var os = Detect(new MemoryFileSystem().AddFile("etc/os-release", osRelease));
        Assert.Equal((family, version), (os.Family, os.Version));
    }

    [Theory]
    [InlineData("etc/SuSE-release", "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 3\n", "sles", "12.3")]
    [InlineData("etc/SuSE-release", "openSUSE 42.3 (x86_64)\nVERSION = 42.3\nCODENAME = Malachite\n", "opensuse-leap", "42.3")]
    [InlineData("etc/photon-release", "VMware Photon OS 4.0\nPHOTON_BUILD_NUMBER=1526e30ba\n", "photon", "4.0")]
    [InlineData("etc/redhat-release", "Red Hat Enterprise Linux release 8.9 (Ootpa)\n", "redhat", "8.9")]
    public void Detect_LegacyReleaseFiles_AreRead(string path, string content, string family, string version)
    {
        var os = Detect(new MemoryFileSystem().AddFile(path, content));
        Assert.Equal((family, version), (os.Family, os.Version));
    }

    [Fact]
    public void Detect_DistrolessWithoutReleaseFile_IsDebianFromBaseFiles()
    {
        // Given: a stripped distroless image: only status.d
        var fs = new MemoryFileSystem()
            .AddFile("var/lib/dpkg/status.d/base-files", "Package: base-files\nStatus: install ok installed\nVersion: 12.4+deb12u5\nArchitecture: amd64\n")
            .AddFile("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2.36-9\n");

        // When
        var os = Detect(fs);

        // Then
        Assert.Equal(("debian", "12", true), (os.Family, os.Version, os.Distroless));
    }

    [Fact]
    public void Detect_NothingKnown_IsUnknown()
    {
        var os = Detect(new MemoryFileSystem().AddFile("etc/os-release", "ID=plan9\nVERSION_ID=4\n").AddFile("etc/hostname", "x"));
        Assert.True(os.IsUnknown);
    }
}
