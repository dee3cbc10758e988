using Drydock.Policy;
using Drydock.Images;

namespace Drydock.Bases;

/// <summary>
/// Decides whether a base reference is trusted by the policy's <c>trustedBases</c>. Patterns are normalised as Docker
/// normalises references (<c>debian:*</c> → <c>docker.io/library/debian:*</c>); a pattern with a tag part is matched
/// against <c>name:tag</c>, one without against the name alone; <c>*</c> stays within one path segment.
/// </summary>
public static class TrustedBaseMatcher
{
    public static (bool Trusted, string Reason) Evaluate(DrydockPolicy policy, string reference, string? digest)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out _))
            return (false, $"'{reference}' is not a valid image reference");
        foreach (var trusted in policy.TrustedBases)
        {
            var pattern = NormalisePattern(trusted.Pattern);
            var hasTag = pattern.LastIndexOf(':') > pattern.LastIndexOf('/');
            var subject = hasTag ? parsed.Name + ":" + (parsed.Tag ?? "") : parsed.Name;
            if (!Glob.IsMatch(pattern, subject, hasTag ? "/:" : "/")) continue;
            if (trusted.Digests.Count == 0) return (true, $"matches trusted base '{trusted.Pattern}'");
            var pinned = digest ?? parsed.Digest?.ToString();
            if (pinned is not null && trusted.Digests.Contains(pinned, StringComparer.Ordinal))
                return (true, $"matches trusted base '{trusted.Pattern}' at pinned digest {pinned}");
            return (false, $"matches '{trusted.Pattern}' but its digest {pinned ?? "(unknown)"} is not one of the pinned digests");
        }
        return (false, policy.TrustedBases.Count == 0 ? "the policy lists no trusted bases" : "matches no trusted base in the policy");
    }

    internal static string NormalisePattern(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? pattern : pattern[..slash];
        var hasDomain = slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.Contains('*', StringComparison.Ordinal));
        if (hasDomain) return pattern.StartsWith("index.docker.io/", StringComparison.Ordinal) ? "docker.io/" + pattern["index.docker.io/".Length..] : pattern;
        return slash < 0 ? "docker.io/library/" + pattern : "docker.io/" + pattern;
    }
}
