using System.Text.Json;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public sealed class EndOfLifeFeedTests
{
    private static List<ReleaseLifecycle> Parse(string product, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return EndOfLifeFeed.Parse(doc.RootElement, LifecycleFamilies.All.Where(r => r.Product == product).ToList());
    }

    [Fact]
    public void Parse_DebianCycles_LtsEndIsTheEndOfFreeSupport()
    {
        // Given: endoflife.date's API v0 shape
        const string json = """
            [{"cycle": "12", "codename": "Bookworm", "releaseDate": "2023-06-10", "eol": "2026-06-10", "extendedSupport": "2028-06-30", "latest": "12.12"},
             {"cycle": "6", "releaseDate": "2011-02-06", "eol": "2016-02-29", "extendedSupport": false}]
            """;

        // When
        var rows = Parse("debian", json);

        // Then
        Assert.Equal(
            [("debian:12", (DateOnly?)new DateOnly(2028, 6, 30), new DateOnly(2023, 6, 10), "12.12"), ("debian:6", new DateOnly(2016, 2, 29), new DateOnly(2011, 2, 6), null)],
            rows.Select(r => (r.Release, r.EndOfLife, r.ReleaseDate!.Value, r.Latest)));
    }

    [Fact]
    public void Parse_UbuntuExtendedSupport_IsPaidSoStandardEolCounts()
    {
        // When
        var row = Assert.Single(Parse("ubuntu", """[{"cycle": "20.04", "eol": "2025-05-31", "extendedSupport": "2030-04-02"}]"""));

        // Then
        Assert.Equal(("ubuntu:20.04", new DateOnly(2025, 5, 31)), (row.Release, row.EndOfLife!.Value));
    }

    [Fact]
    public void Parse_EolAsBooleanAndNumericCycle_KeptWithoutDate()
    {
        // When
        var rows = Parse("fedora", """[{"cycle": 44, "eol": false}, {"cycle": "30", "eol": true}]""");

        // Then
        Assert.Equal([("fedora:44", false), ("fedora:30", true)], rows.Select(r => (r.Release, r.Ended)));
        Assert.All(rows, r => Assert.Null(r.EndOfLife));
        Assert.True(rows[1].IsOver(new DateOnly(2000, 1, 1)));
        Assert.False(rows[0].IsOver(new DateOnly(2100, 1, 1)));
    }

    [Fact]
    public void Parse_OneProductTwoFamilies_RowsForEach()
    {
        // When
        var rows = Parse("azure-linux", """[{"cycle": "2.0", "eol": "2025-07-31"}]""");

        // Then
        Assert.Equal(["azurelinux:2", "cbl-mariner:2"], rows.Select(r => r.Release).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NotAnArray_FormatError()
    {
        // When / Then
        Assert.Throws<JsonException>(() => Parse("debian", """{"message": "Product not found"}"""));
    }

    [Fact]
    public void DefaultFiles_OneApiFilePerProduct()
    {
        // When
        var files = new EndOfLifeFeed().DefaultFiles;

        // Then
        Assert.Contains(files, f => f.RelativePath == "amazon-linux.json" && f.Url.ToString() == "https://endoflife.date/api/amazon-linux.json");
        Assert.Equal(files.Count, files.Select(f => f.RelativePath).Distinct().Count());
    }
}
