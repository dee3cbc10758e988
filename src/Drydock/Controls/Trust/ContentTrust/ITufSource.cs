namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>Where a repository's TUF metadata is read from (a notary server; metadata made in memory in tests).</summary>
internal interface ITufSource
{
    /// <summary>Where the metadata lives, for evidence (e.g. <c>https://notary:4443/v2/GUN/_trust/tuf/</c>).</summary>
    string Location { get; }

    /// <summary>
    /// The bytes of <paramref name="name"/> (<c>root</c>, <c>2.root</c>, <c>timestamp</c>, <c>targets/releases</c>…),
    /// null when the server has none; more than <paramref name="limit"/> bytes is a <see cref="ContentTrustException"/>.
    /// </summary>
    Task<byte[]?> FetchAsync(string name, long limit, CancellationToken cancellationToken);
}
