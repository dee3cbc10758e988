using System.Text.RegularExpressions;

namespace Drydock.Vulnerabilities.Versions;

/// <summary>
/// NuGet package versions (learn.microsoft.com/nuget/concepts/package-versioning, NuGet.Versioning): SemVer 2.0.0 plus
/// legacy four-part versions (Major.Minor.Patch.Revision, missing parts 0), pre-release labels compared
/// case-insensitively, metadata ignored.
/// </summary>
public sealed partial class NuGetVersionComparer : IVersionComparer
{
    [GeneratedRegex(@"^\s*\d+(\.\d+){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    public string Scheme => "nuget";

    public int Compare(string a, string b) => Read(a).CompareTo(Read(b), StringComparison.OrdinalIgnoreCase);

    public bool IsValid(string version) => Valid().IsMatch(version);

    private static SemverVersion Read(string v) =>
        SemverVersion.ParseLenient(v) ?? throw new FormatException($"invalid NuGet version: '{v}'");
}
