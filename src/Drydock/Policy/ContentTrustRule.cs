namespace Drydock.Policy;

/// <summary>
/// One <c>contentTrust</c> entry of drydock.yaml (Docker Content Trust, Notary v1): the repositories it covers
/// (pattern), the notary server, an optional CA file for that server's TLS, pinned root keys (PEM certificates or public
/// keys) and whether, without pinned keys, the first root seen may be trusted and stored (<c>trustOnFirstUse</c>).
/// </summary>
public sealed record ContentTrustRule(string RepositoryPattern, Uri Server, string? CaFile, IReadOnlyList<string> RootKeys, bool TrustOnFirstUse)
{
    public override string ToString() => $"contentTrust rule {RepositoryPattern} (server {Server.GetLeftPart(UriPartial.Authority)})";
}
