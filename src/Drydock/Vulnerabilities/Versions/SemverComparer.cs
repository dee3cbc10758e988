namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Semantic Versioning 2.0.0 precedence (semver.org §11): numbers, then pre-release identifiers (numeric ones
/// numerically and first), build metadata ignored. <see cref="IsValid"/> is strict SemVer 2.0.0; <see cref="Compare"/>
/// also reads the looser forms advisories use (<c>v1.2</c>, <c>1.21rc2</c>, <c>1.0.0.beta</c>) as 1.2.0, 1.21.0-rc2, 1.0.0-beta.
/// </summary>
public sealed class SemverComparer : IVersionComparer
{
    public string Scheme => "semver";

    public int Compare(string a, string b) => Read(a).CompareTo(Read(b));

    public bool IsValid(string version) => SemverVersion.ParseStrict(version) is not null;

    private static SemverVersion Read(string v) =>
        SemverVersion.ParseLenient(v) ?? throw new FormatException($"invalid semver version: '{v}'");
}
