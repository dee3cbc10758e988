using Drydock.Images.FileSystem;
using Drydock.Inventory.Dpkg;

namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Detects the OS of an image from its release files, most specific standard first: os-release(5)
/// (<c>etc/os-release</c>, else <c>usr/lib/os-release</c>, symlinks followed), Ubuntu's <c>etc/lsb-release</c>,
/// then the distribution files (<c>alpine-release</c>, the Red Hat family's <c>*-release</c>, Amazon's
/// <c>system-release</c>, <c>SuSE-release</c>, <c>photon-release</c>), then <c>debian_version</c> (last: Ubuntu
/// ships one too), and finally distroless Debian, recognised by <c>var/lib/dpkg/status.d/</c> (version from its
/// <c>base-files</c> package). Nothing recognised → <see cref="OsInfo.Unknown"/>, never a guess.
/// </summary>
public sealed class OsDetector : IFileInterest
{
    public const string Id = "os-release";

    private static readonly string[] OsReleaseFiles = ["etc/os-release", "usr/lib/os-release"];
    private static readonly string[] RedHatFiles =
        ["etc/centos-release", "etc/rocky-release", "etc/almalinux-release", "etc/oracle-release", "etc/fedora-release", "etc/redhat-release"];
    private static readonly string[] AmazonFiles = ["etc/system-release", "usr/lib/system-release"];
    private const string EsmStatus = "var/lib/ubuntu-advantage/status.json";

    private static readonly HashSet<string> Wanted = new(
        [.. OsReleaseFiles, .. RedHatFiles, .. AmazonFiles, EsmStatus, "etc/lsb-release", "etc/alpine-release",
         "etc/debian_version", "etc/SuSE-release", "etc/photon-release"],
        StringComparer.Ordinal);

    public bool Wants(string path, long size, int mode) =>
        Wanted.Contains(path) || path.StartsWith(DpkgStatusDirectoryAnalyzer.Directory + "base", StringComparison.Ordinal);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "registered and called like the analyzers")]
    public OsInfo Detect(IFileSystemView fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var os = FromReleaseFiles(fs) ?? FromDistrolessDpkg(fs) ?? OsInfo.Unknown;
        if (os.Family == OsFamilies.Ubuntu && Read(fs, EsmStatus) is { } json && UbuntuEsmStatusParser.IsEsmEnabled(json) == true)
            os = os with { Extended = true };
        return os;
    }

    private static OsInfo? FromReleaseFiles(IFileSystemView fs)
    {
        foreach (var path in OsReleaseFiles)
        {
            if (Read(fs, path) is { } text && OsReleaseParser.Parse(new StringReader(text), path) is { } os) return os;
        }
        if (Read(fs, "etc/lsb-release") is { } lsb && LsbReleaseParser.Parse(new StringReader(lsb), "etc/lsb-release") is { } ubuntu)
            return ubuntu;
        if (FirstLine(fs, "etc/alpine-release") is { Length: > 0 } alpine)
            return new OsInfo { Family = OsFamilies.Alpine, Version = alpine, Source = "etc/alpine-release" };
        foreach (var path in RedHatFiles)
        {
            if (Read(fs, path) is { } text && RedHatReleaseParser.Parse(text, path) is { } os) return os;
        }
        foreach (var path in AmazonFiles)
        {
            if (Read(fs, path) is { } text && AmazonReleaseParser.Parse(text, path) is { } os) return os;
        }
        if (Read(fs, "etc/SuSE-release") is { } suse && SuseReleaseParser.Parse(suse, "etc/SuSE-release") is { } sles) return sles;
        if (FirstLine(fs, "etc/photon-release") is { } photon && PhotonVersion(photon) is { } pv)
            return new OsInfo { Family = OsFamilies.Photon, Version = pv, PrettyName = photon, Source = "etc/photon-release" };
        if (FirstLine(fs, "etc/debian_version") is { Length: > 0 } debian)
            return new OsInfo { Family = OsFamilies.Debian, Version = debian, Source = "etc/debian_version" };
        return null;
    }

    /// <summary>
    /// Distroless images (gcr.io/distroless) carry no release file when stripped, but their status.d holds
    /// <c>base-files</c>, whose upstream version's major part is the Debian release (12.4+deb12u5 → 12).
    /// </summary>
    private static OsInfo? FromDistrolessDpkg(IFileSystemView fs)
    {
        var files = fs.Entries.Where(e => e.Path.StartsWith(DpkgStatusDirectoryAnalyzer.Directory, StringComparison.Ordinal)).ToList();
        if (files.Count == 0) return null;
        var version = "";
        foreach (var file in files.Where(f => fs.HasContent(f.Path) && !f.Path.EndsWith(".md5sums", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(fs.OpenRead(file.Path));
            var baseFiles = DpkgStatusParser.Parse(reader).Installed.FirstOrDefault(e => e.Name == "base-files");
            if (baseFiles is null) continue;
            var major = baseFiles.Version.Split(':')[^1].Split('.', '+', '-')[0];
            if (major.Length > 0 && major.All(char.IsAsciiDigit)) version = major;
            break;
        }
        return new OsInfo { Family = OsFamilies.Debian, Version = version, Distroless = true, Source = DpkgStatusDirectoryAnalyzer.Directory };
    }

    private static string? PhotonVersion(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(t => t.Length > 0 && char.IsAsciiDigit(t[0]));

    private static string? FirstLine(IFileSystemView fs, string path) =>
        Read(fs, path)?.Split('\n')[0].Trim();

    /// <summary>The text of a release file (symlinks followed), or null when it is absent or its content was not kept.</summary>
    private static string? Read(IFileSystemView fs, string path)
    {
        if (fs.Resolve(path) is not { Kind: FileKind.File or FileKind.HardLink } entry || !fs.HasContent(entry.Path)) return null;
        if (entry.Size > 64 * 1024) return null; // release files are tiny; a huge one is not a release file
        using var reader = new StreamReader(fs.OpenRead(entry.Path));
        return reader.ReadToEnd();
    }
}
