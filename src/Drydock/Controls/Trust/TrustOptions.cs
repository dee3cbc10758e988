namespace Drydock.Controls.Trust;

/// <summary>
/// What the signature step takes from its front end: the clock (expiry of content trust metadata and certificates) and
/// the cache root, under which content trust keeps the versions it has seen and roots trusted on first use.
/// </summary>
public sealed record TrustOptions(TimeProvider Clock, string CacheRoot)
{
    public static TrustOptions Default => new(TimeProvider.System, CacheDirectory.Root);
}
