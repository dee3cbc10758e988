using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Bases;

/// <summary>
/// A repository the policy's <c>trustedBases</c> names without a wildcard in its name (<c>registry.example/approved/debian</c>,
/// <c>debian:12*</c>), so its tags can be listed and compared with an image's layer chain. <see cref="TagPatterns"/> are
/// the tag globs of the entries naming it; empty = every tag. A pattern with <c>*</c> in the repository name
/// (<c>registry.example/approved/*</c>) cannot be listed without the registry's catalogue and is left to the catalogue.
/// </summary>
public sealed record TrustedRepository(ImageReference Repository, IReadOnlyList<string> TagPatterns)
{
    public string Name => Repository.Name;

    public bool Wants(string tag) => TagPatterns.Count == 0 || TagPatterns.Any(p => Glob.IsMatch(p, tag, ":"));

    /// <summary>The listable repositories of the policy, in ordinal order, each once with its tag globs merged.</summary>
    public static IReadOnlyList<TrustedRepository> From(DrydockPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var byName = new SortedDictionary<string, (ImageReference Reference, List<string>? Tags)>(StringComparer.Ordinal);
        foreach (var trusted in policy.TrustedBases)
        {
            var pattern = TrustedBaseMatcher.NormalisePattern(trusted.Pattern);
            var colon = pattern.LastIndexOf(':');
            var hasTag = colon > pattern.LastIndexOf('/');
            var name = hasTag ? pattern[..colon] : pattern;
            if (name.IndexOfAny(['*', '?', '[']) >= 0 || !ImageReference.TryParse(name, out var reference, out _)) continue;
            var tag = hasTag ? pattern[(colon + 1)..] : null;
            if (!byName.TryGetValue(reference.Name, out var known)) known = (reference with { Tag = null, Digest = null }, []);
            // An entry without a tag part trusts every tag: the merged list then stays "all" (null).
            byName[reference.Name] = (known.Reference, tag is null || known.Tags is null ? null : [.. known.Tags, tag]);
        }
        return byName.Values.Select(v => new TrustedRepository(v.Reference, v.Tags?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [])).ToList();
    }
}
