namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Go module versions (golang.org/ref/mod#versions, golang.org/x/mod/semver): semver with a <c>v</c> prefix;
/// <c>+incompatible</c> is build metadata and so ignored; pseudo-versions (<c>v0.0.0-20191109021931-daa7c04131f5</c>)
/// are pre-releases and order by their timestamp. The <c>v</c> is optional here because advisories often drop it.
/// </summary>
public sealed class GoVersionComparer : IVersionComparer
{
    public string Scheme => "go";

    public int Compare(string a, string b) => Read(a).CompareTo(Read(b));

    /// <summary>x/mod/semver.IsValid: <c>v</c> then SemVer 2.0.0 (the shorthands vMAJOR and vMAJOR.MINOR are accepted).</summary>
    public bool IsValid(string version)
    {
        if (!version.StartsWith('v')) return false;
        var core = version[1..];
        var dots = core.TakeWhile(c => c != '-' && c != '+').Count(c => c == '.');
        var plain = core.All(c => char.IsAsciiDigit(c) || c == '.');
        // x/mod/semver accepts "v1" and "v1.2" only without pre-release or build.
        if (dots < 2 && plain) core += dots == 0 ? ".0.0" : ".0";
        return SemverVersion.ParseStrict(core) is not null;
    }

    private static SemverVersion Read(string v) =>
        SemverVersion.ParseLenient(v) ?? throw new FormatException($"invalid go module version: '{v}'");
}
