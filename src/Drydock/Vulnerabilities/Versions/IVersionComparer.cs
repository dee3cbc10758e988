namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Orders versions of one scheme exactly as the ecosystem's own tool does (dpkg, rpmvercmp, apk-tools, semver,
/// PEP 440, Maven ComparableVersion, Go modules, NuGet, RubyGems).
/// </summary>
public interface IVersionComparer
{
    /// <summary>Scheme id: <c>deb</c>, <c>rpm</c>, <c>apk</c>, <c>semver</c>, <c>npm</c>, <c>pep440</c>, <c>maven</c>, <c>go</c>, <c>nuget</c>, <c>gem</c>.</summary>
    string Scheme { get; }

    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/>.</summary>
    int Compare(string a, string b);

    /// <summary>True when <paramref name="version"/> is valid in this scheme.</summary>
    bool IsValid(string version);
}
