using Drydock.Freshness;

namespace Drydock.Tests.Freshness;

public sealed class NewerTagsTests
{
    private static readonly string[] NginxTags =
    [
        "latest", "1", "1.25", "1.25.2", "1.25.3", "1.25.4", "1.26.0", "1.26.1", "1.27.0-rc1", "2.0.0", "1.25.3-alpine",
        "1.25.5-alpine", "1.26.0-alpine", "mainline", "1.25.10",
    ];

    [Fact]
    public void Find_PatchMinorMajor_ReportsNewestOfEach()
    {
        var r = NewerTags.Find("1.25.3", NginxTags);
        Assert.Equal("1.25.10", r.NewestPatch);
        Assert.Equal("1.26.1", r.NewestMinor);
        Assert.Equal("2.0.0", r.NewestMajor);
    }

    [Fact]
    public void Find_Variant_StaysOnItsLine()
    {
        var r = NewerTags.Find("1.25.3-alpine", NginxTags);
        Assert.Equal("1.25.5-alpine", r.NewestPatch);
        Assert.Equal("1.26.0-alpine", r.NewestMinor);
        Assert.Null(r.NewestMajor);
    }

    [Fact]
    public void Find_NewestAlready_ReportsNothing()
    {
        Assert.False(NewerTags.Find("2.0.0", NginxTags).Any);
        Assert.False(NewerTags.Find("latest", NginxTags).Any);
    }

    [Fact]
    public void Find_TwoPartTag_ComparesWithTwoPartTagsOnly()
    {
        var r = NewerTags.Find("1.25", ["1.25", "1.26", "1.26.0", "2.1"]);
        Assert.Null(r.NewestPatch);
        Assert.Equal("1.26", r.NewestMinor);
        Assert.Equal("2.1", r.NewestMajor);
    }
}
