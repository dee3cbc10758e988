using Drydock.Images;

namespace Drydock.Policy;

/// <summary>
/// Parses the repository named by <c>signatureRepository</c> (policy) or <c>--signature-repository</c>: a registry
/// repository without tag or digest (<c>registry.example.com/team/signatures</c>), as cosign's <c>COSIGN_REPOSITORY</c>.
/// </summary>
public static class SignatureRepositoryName
{
    /// <summary>The repository as a reference with neither tag nor digest; a bad name is a <see cref="UsageException"/>.</summary>
    public static ImageReference Parse(string text) => Parse(text, "signature repository");

    /// <summary>As above; <paramref name="what"/> names the value in the error (e.g. <c>--repository</c>).</summary>
    public static ImageReference Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lastSlash = text.LastIndexOf('/');
        if (text.Contains('@', StringComparison.Ordinal) || text.IndexOf(':', lastSlash + 1) >= 0)
            throw new UsageException($"{what} '{text}' must name a repository, without tag or digest (e.g. registry.example.com/team/signatures)");
        if (!ImageReference.TryParse(text, out var reference, out var error))
            throw new UsageException($"invalid {what} '{text}': {error}");
        return reference with { Tag = null };
    }
}
