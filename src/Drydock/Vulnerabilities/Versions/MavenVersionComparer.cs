namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Maven versions ordered as Maven's <c>ComparableVersion</c> (maven-artifact; see the "Version Order Specification"
/// in the Maven POM reference): the version is cut at '.', '-' and digit/letter transitions into numbers, qualifiers
/// and nested lists ('-' and a letter/digit switch open a sub-list); trailing nulls (0, "", "final", "ga",
/// "release") are dropped; qualifiers order alpha &lt; beta &lt; milestone &lt; rc = cr &lt; snapshot &lt; "" = final = ga
/// = release &lt; sp &lt; any other (alphabetically), and a number beats any qualifier.
/// </summary>
public sealed class MavenVersionComparer : IVersionComparer
{
    public string Scheme => "maven";

    public int Compare(string a, string b) => Math.Sign(MavenItem.Parse(a).CompareTo(MavenItem.Parse(b)));

    /// <summary>Maven accepts any non-blank string as a version; whitespace inside is the only thing it rejects in a POM.</summary>
    public bool IsValid(string version) => version.Trim().Length > 0 && !version.Trim().Any(char.IsWhiteSpace);
}
