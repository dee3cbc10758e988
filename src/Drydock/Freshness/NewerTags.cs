namespace Drydock.Freshness;

/// <summary>
/// Newer tags of the same line as the one in use, semver-aware: the newest patch of the same minor
/// (<c>1.25.3</c> → <c>1.25.4</c>), the newest of the same major, and the newest overall (<c>1.26.0</c>, <c>2.0.1</c>).
/// Pre-release-looking suffixes (<c>-rc1</c>, <c>-beta</c>) only match the same suffix, so they never displace a release.
/// </summary>
public static class NewerTags
{
    public static NewerTagReport Find(string currentTag, IEnumerable<string> tags)
    {
        var current = TagVersion.TryParse(currentTag);
        if (current is null) return new NewerTagReport(currentTag, null, null, null);
        var newer = tags.Select(TagVersion.TryParse)
            .Where(t => t is not null && t.SameLine(current) && t.CompareTo(current) > 0)
            .Select(t => t!)
            .OrderBy(t => t, Comparer<TagVersion>.Create((a, b) => a.CompareTo(b)))
            .ToList();
        TagVersion? Latest(Func<TagVersion, bool> filter) => newer.LastOrDefault(filter);
        var patch = current.Parts.Count >= 3 ? Latest(t => t.Parts[0] == current.Parts[0] && t.Parts[1] == current.Parts[1]) : null;
        var minor = current.Parts.Count >= 2 ? Latest(t => t.Parts[0] == current.Parts[0]) : null;
        var major = Latest(_ => true);
        return new NewerTagReport(currentTag, patch?.Tag, minor?.Tag == patch?.Tag ? null : minor?.Tag, major?.Tag == minor?.Tag || major?.Tag == patch?.Tag ? null : major?.Tag);
    }
}

/// <summary>The newest tag of the same line by scope: same minor (patch), same major, any. Null where none is newer.</summary>
public sealed record NewerTagReport(string Current, string? NewestPatch, string? NewestMinor, string? NewestMajor)
{
    public bool Any => NewestPatch is not null || NewestMinor is not null || NewestMajor is not null;
}
