using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Images.Registry;

public sealed class HeaderParserTests
{
    private static readonly Uri Request = new("https://registry.example:5000/v2/team/app/tags/list?n=2");

    [Fact]
    public void LinkNext_RelativeTarget_ResolvedAgainstRequest()
    {
        // Given: distribution's form
        string[] links = ["</v2/team/app/tags/list?last=b&n=2>; rel=\"next\""];

        // When
        var next = LinkHeader.Next(links, Request);

        // Then
        Assert.Equal("https://registry.example:5000/v2/team/app/tags/list?last=b&n=2", next?.ToString());
    }

    [Fact]
    public void LinkNext_SeveralLinksAndRelList_FindsNext()
    {
        // Given: a comma inside the URI, a "prev" link first and a rel list
        string[] links = ["<https://other.example/v2/x?a=1,2>; rel=\"prev\", <https://cdn.example/v2/x?page=3>; title=\"p\"; rel=\"next last\""];

        // When
        var next = LinkHeader.Next(links, Request);

        // Then
        Assert.Equal("https://cdn.example/v2/x?page=3", next?.ToString());
    }

    [Fact]
    public void LinkNext_NoNext_Null()
    {
        // Given / When / Then
        Assert.Null(LinkHeader.Next(["</v2/x?last=a>; rel=\"prev\""], Request));
        Assert.Null(LinkHeader.Next(["garbage"], Request));
    }

    [Fact]
    public void RetryAfter_DelaySeconds_Span()
    {
        // Given / When / Then
        Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Parse("120", DateTimeOffset.UnixEpoch));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("0", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfter_HttpDate_DifferenceFromNow()
    {
        // Given
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        // When / Then
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Parse("Mon, 23 Nov 2026 10:00:30 GMT", now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Parse("Mon, 23 Nov 2026 09:00:00 GMT", now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void RetryAfter_AbsentOrInvalid_Null(string? value)
    {
        // Given / When / Then
        Assert.Null(RetryAfter.Parse(value, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RateLimit_DockerHubHeaders_LimitRemainingWindow()
    {
        // Given: Docker Hub sends lower-case names; HTTP header names are case-insensitive
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("ratelimit-limit", "100;w=21600");
        response.Headers.TryAddWithoutValidation("ratelimit-remaining", "76;w=21600");

        // When
        var limit = RateLimitInfo.FromHeaders(response.Headers);

        // Then
        Assert.Equal(new RateLimitInfo(100, 76, 21600), limit);
        Assert.Equal("76 of 100 pulls left per 6 h", limit?.ToString());
    }

    [Fact]
    public void RateLimit_NoHeaders_Null()
    {
        // Given
        using var response = new HttpResponseMessage();

        // When / Then
        Assert.Null(RateLimitInfo.FromHeaders(response.Headers));
        Assert.Equal(new RateLimitInfo(null, 5, null), RateLimitInfo.Parse("x", "5"));
    }
}
