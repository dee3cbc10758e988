namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// One advisory feed read in its native format. <see cref="ReadAsync"/> reads a downloaded file or an unpacked
/// directory (laid out as <see cref="DefaultFiles"/> names them) and streams normalised records: a feed never loads a
/// whole archive into memory.
/// </summary>
public interface IFeed
{
    /// <summary>Stable id: <c>osv</c>, <c>alpine-secdb</c>, <c>debian-tracker</c>, <c>nvd</c>, <c>wolfi-secdb</c>…</summary>
    string Name { get; }

    /// <summary>Public download locations, relative file name → URL (the file name is where it lands in a bundle).</summary>
    IReadOnlyList<FeedFile> DefaultFiles { get; }

    /// <summary>Reads every file of the feed under <paramref name="directory"/> (a bundle's <c>&lt;name&gt;/</c> folder).</summary>
    IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Records skipped so far (malformed or over a <see cref="FeedLimits"/> bound), one line each.</summary>
    IReadOnlyList<string> Warnings => [];
}

/// <summary>A file of a feed: where it is published and the relative path it is stored under in a bundle.</summary>
public sealed record FeedFile(string RelativePath, Uri Url)
{
    /// <summary>URL of a published sha256 of the file, when the feed publishes one.</summary>
    public Uri? Sha256Url { get; init; }

    /// <summary>
    /// When set, a small text file whose first line names the current file, relative to the pointer (Red Hat's
    /// <c>archive_latest.txt</c>): the download fetches it first and then that file, stored as <see cref="RelativePath"/>.
    /// </summary>
    public Uri? LatestPointer { get; init; }

    /// <summary>
    /// When set with <see cref="LatestPointer"/>, the pointer is a yum mirror list whose first line is a repository's
    /// base URL, and the file is the repository metadata of this type (<c>updateinfo</c>) that the repository's
    /// <c>repodata/repomd.xml</c> names (Amazon Linux publishes its advisories this way).
    /// </summary>
    public string? RepoDataType { get; init; }
}
