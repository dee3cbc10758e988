namespace Drydock.Vulnerabilities.Feeds;

/// <summary>The feeds Drydock knows, one explicit list (no reflection). Order is import order: vendors first, NVD, then the end-of-life dates.</summary>
public static class FeedRegistry
{
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
