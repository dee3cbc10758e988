using System.Text.RegularExpressions;

namespace Drydock.Freshness;

/// <summary>
/// A tag read as a version "line": an optional <c>v</c>, one to four numeric parts, and a suffix that names the
/// variant (<c>1.25.3-alpine</c> → [1,25,3] + <c>-alpine</c>). Tags of the same line share the prefix, part count and
/// suffix, so <c>1.25.3-alpine</c> is compared with <c>1.25.4-alpine</c> but never with <c>1.26.0</c> or <c>latest</c>.
/// </summary>
public sealed partial record TagVersion(string Tag, string Prefix, IReadOnlyList<long> Parts, string Suffix)
{
    public static TagVersion? TryParse(string tag)
    {
        var m = Pattern().Match(tag);
        if (!m.Success) return null;
        var parts = m.Groups["nums"].Value.Split('.').Select(p => long.TryParse(p, out var n) ? n : -1).ToList();
        if (parts.Any(p => p < 0)) return null;
        return new TagVersion(tag, m.Groups["v"].Value, parts, m.Groups["suffix"].Value);
    }

    public bool SameLine(TagVersion other) => Prefix == other.Prefix && Suffix == other.Suffix && Parts.Count == other.Parts.Count;

    public int CompareTo(TagVersion other)
    {
        for (var i = 0; i < Math.Min(Parts.Count, other.Parts.Count); i++)
        {
            var c = Parts[i].CompareTo(other.Parts[i]);
            if (c != 0) return c;
        }
        return Parts.Count.CompareTo(other.Parts.Count);
    }

    [GeneratedRegex(@"^(?<v>v?)(?<nums>\d+(?:\.\d+){0,3})(?<suffix>(?:[-_+][A-Za-z0-9._-]*)?)$")]
    private static partial Regex Pattern();
}
