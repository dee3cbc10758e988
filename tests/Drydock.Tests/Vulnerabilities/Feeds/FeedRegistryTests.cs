using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public class FeedRegistryTests
{
    [Fact]
    public void Names_AreTheFeedsOfAll_InTheirOrder()
    {
        // When
        var made = FeedRegistry.All(TimeProvider.System).Select(f => f.Name).ToList();

        // Then
        Assert.Equal(made, FeedRegistry.Names);
    }
}
