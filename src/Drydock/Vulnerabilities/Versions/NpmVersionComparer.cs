namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// npm package versions as node-semver orders them: SemVer 2.0.0 precedence; a leading <c>v</c> or <c>=</c> and
/// surrounding whitespace are accepted (node-semver's <c>clean</c>). Ranges: <see cref="NpmRange"/>.
/// </summary>
public sealed class NpmVersionComparer : IVersionComparer
{
    public string Scheme => "npm";

    public int Compare(string a, string b) => Read(a).CompareTo(Read(b));

    public bool IsValid(string version) => Parse(version) is not null;

    internal static SemverVersion? Parse(string version) =>
        SemverVersion.ParseStrict(version.Trim().TrimStart('=', 'v').Trim());

    private static SemverVersion Read(string v) => Parse(v) ?? throw new FormatException($"invalid npm version: '{v}'");
}
