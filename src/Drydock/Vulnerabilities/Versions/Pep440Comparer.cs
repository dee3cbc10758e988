namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// Python package versions ordered by PEP 440 (as pypa/packaging): epoch, release (trailing zeros insignificant),
/// then .devN &lt; aN &lt; bN &lt; rcN &lt; release &lt; .postN, then local versions (+ubuntu1) after the public one.
/// </summary>
public sealed class Pep440Comparer : IVersionComparer
{
    public string Scheme => "pep440";

    public int Compare(string a, string b) => Read(a).CompareTo(Read(b));

    public bool IsValid(string version) => Pep440Version.Parse(version) is not null;

    internal static Pep440Version Read(string v) =>
        Pep440Version.Parse(v) ?? throw new FormatException($"invalid PEP 440 version: '{v}'");
}
