using Drydock.Inventory;
using Drydock.Tests.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Matching;

namespace Drydock.Tests.Vulnerabilities.Matching;

public sealed class OsLifecycleTests
{
    private static readonly TimeProvider Nov2026 = new FixedTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("alpine", "3.11.5", true)]
    [InlineData("alpine", "3.22.1", false)]
    [InlineData("debian", "10.13", true)]
    [InlineData("debian", "11.9", true)]
    [InlineData("debian", "12.4", false)]
    [InlineData("ubuntu", "18.04", true)]
    [InlineData("ubuntu", "24.04", false)]
    [InlineData("centos", "7.9.2009", true)]
    [InlineData("rocky", "9.3", false)]
    [InlineData("wolfi", "20230201", false)]
    [InlineData("debian", "99", false)]
    [InlineData("amazon", "2", true)]
    [InlineData("amazon", "2023", false)]
    [InlineData("fedora", "41", true)]
    [InlineData("sles", "15.5", true)]
    [InlineData("sles", "15.7", false)]
    [InlineData("alpine", "3.23.1", false)]
    public void IsEndOfLife_Release_AsPublished(string family, string version, bool expected)
    {
        // Given
        var os = new OsInfo { Family = family, Version = version };

        // When
        var eol = OsLifecycle.IsEndOfLife(os, Nov2026);

        // Then
        Assert.Equal(expected, eol);
    }

    [Fact]
    public void IsEndOfLife_DayOfEol_NotYet()
    {
        // Given
        var os = new OsInfo { Family = "debian", Version = "11" };

        // When / Then
        Assert.False(OsLifecycle.IsEndOfLife(os, new FixedTimeProvider(new DateTimeOffset(2026, 8, 31, 12, 0, 0, TimeSpan.Zero))));
        Assert.True(OsLifecycle.IsEndOfLife(os, new FixedTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero))));
    }
}
