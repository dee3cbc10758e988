namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// An rpm package label <c>name-[epoch:]version-release[.arch]</c> (rpm's NEVRA, as in <c>rpm -q</c> output and
/// errata). The name may contain '-', so version and release are the last two '-' fields; an arch is recognised only
/// from rpm's architecture names, because a release such as <c>12.fc39</c> also contains dots.
/// </summary>
public sealed record RpmNevra(string Name, RpmEvr Evr, string Arch) : IComparable<RpmNevra>
{
    private static readonly HashSet<string> Arches = new(StringComparer.Ordinal)
    {
        "noarch", "src", "nosrc", "x86_64", "amd64", "i386", "i486", "i586", "i686", "athlon", "geode", "aarch64",
        "arm64", "armv5tel", "armv6l", "armv6hl", "armv7l", "armv7hl", "armv7hnl", "armhfp", "ppc", "ppc64", "ppc64le",
        "ppc64p7", "s390", "s390x", "riscv", "riscv64", "loongarch64", "mips", "mipsel", "mips64", "mips64el", "ia64",
        "sparc", "sparc64", "sparcv9", "alpha",
    };

    public static bool operator <(RpmNevra left, RpmNevra right) => left.CompareTo(right) < 0;

    public static bool operator <=(RpmNevra left, RpmNevra right) => left.CompareTo(right) <= 0;

    public static bool operator >(RpmNevra left, RpmNevra right) => left.CompareTo(right) > 0;

    public static bool operator >=(RpmNevra left, RpmNevra right) => left.CompareTo(right) >= 0;

    /// <summary>Parses a NEVRA (name and arch may be absent: <c>1:2.0.5-12.fc39</c>); null when no version-release is found.</summary>
    public static RpmNevra? Parse(string text)
    {
        var s = text.Trim();
        var arch = "";
        var dot = s.LastIndexOf('.');
        if (dot > 0 && Arches.Contains(s[(dot + 1)..]))
        {
            arch = s[(dot + 1)..];
            s = s[..dot];
        }
        var releaseDash = s.LastIndexOf('-');
        if (releaseDash <= 0) return null;
        var versionDash = s.LastIndexOf('-', releaseDash - 1);
        var name = versionDash >= 0 ? s[..versionDash] : "";
        var evr = RpmEvr.Parse(s[(versionDash + 1)..]);
        return evr is null || evr.Release is null ? null : new RpmNevra(name, evr, arch);
    }

    /// <summary>Name (ordinal), then EVR (missing epoch = 0), then arch (ordinal).</summary>
    public int CompareTo(RpmNevra? other)
    {
        if (other is null) return 1;
        var c = string.CompareOrdinal(Name, other.Name);
        if (c == 0) c = Evr.CompareTo(other.Evr);
        if (c == 0) c = string.CompareOrdinal(Arch, other.Arch);
        return Math.Sign(c);
    }
}
