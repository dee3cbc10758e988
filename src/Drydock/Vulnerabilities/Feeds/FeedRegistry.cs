namespace Drydock.Vulnerabilities.Feeds;

/// <summary>The feeds Drydock knows, one explicit list (no reflection). Order is import order: vendors first, NVD, then the end-of-life dates.</summary>
public static class FeedRegistry
{
    /// <summary>
    /// The names of <see cref="All"/>, in its order, without making the feeds (help text is built on every start;
    /// making thirteen feeds for it cost ~1 ms of each scan's start, issue 17). A test holds the two lists equal.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "alpine-secdb", "debian-tracker", "ubuntu-tracker", "redhat-csaf", "wolfi-secdb", "chainguard-secdb", "amazon-alas",
        "oracle-oval", "photon-cve", "azure-linux-oval", "osv", "nvd", "endoflife",
    ];

    public static IReadOnlyList<IFeed> All(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return
        [
            new AlpineSecDbFeed(),
            new DebianTrackerFeed(),
            new UbuntuTrackerFeed(),
            new RedHatCsafFeed(),
            WolfiSecDbFeed.Wolfi(),
            WolfiSecDbFeed.Chainguard(),
            new AmazonAlasFeed(),
            new OracleOvalFeed(),
            new PhotonCveFeed(),
            new AzureLinuxOvalFeed(),
            new OsvFeed(time),
            new NvdFeed(time.GetUtcNow().Year),
            new EndOfLifeFeed(),
        ];
    }
}
