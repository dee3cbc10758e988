namespace Drydock.Bases;

/// <summary>
/// What base discovery found: the trusted repositories' tags as catalogue entries, the repositories that could not be
/// listed (<c>name: why</c>; offline included), and notes such as tags left unread past the bound.
/// </summary>
public sealed record TrustedBaseSearch(IReadOnlyList<BaseCatalogEntry> Entries, IReadOnlyList<string> Unlisted, IReadOnlyList<string> Notes)
{
    public static TrustedBaseSearch NotListed(IEnumerable<TrustedRepository> repositories, string reason) =>
        new([], repositories.Select(r => $"{r.Name}: {reason}").ToList(), []);
}
