using System.Text;
using System.Text.Json;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>Issue 13 §2 and 18: large feed files are read one record at a time, each record bounded.</summary>
public sealed class JsonRecordSplitterTests
{
    private static async Task<(List<string> Records, List<string> Warnings, JsonRecordSplitter Splitter)> SplitAsync(Stream input, string container = "vulnerabilities")
    {
        var warnings = new List<string>();
        var splitter = new JsonRecordSplitter(input, "f.json", p => p == container, warnings.Add);
        var records = new List<string>();
        await foreach (var r in splitter.ReadAsync(CancellationToken.None))
            using (r) records.Add((r.Name is null ? "" : r.Name + "=") + r.Document.RootElement.GetRawText());
        return (records, warnings, splitter);
    }

    private static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task ReadAsync_ManyRecordsAcrossChunkBoundaries_SameAsAWholeParse()
    {
        // Given: 20,000 records of varied size (about 3 MB, many 64 KiB chunk boundaries), beside other root members
        var b = new StringBuilder("""{"format":"NVD_CVE","n":[1,{"a":2}],"vulnerabilities":[""");
        for (var i = 0; i < 20_000; i++)
            b.Append(i == 0 ? "" : ",").Append("{\"cve\":{\"id\":\"CVE-").Append(i).Append("\",\"d\":\"").Append('x', i % 300).Append("\\\"q\"}}");
        b.Append("],\"tail\":true}");
        using var doc = JsonDocument.Parse(b.ToString());
        var expected = doc.RootElement.GetProperty("vulnerabilities").EnumerateArray().Select(e => e.GetRawText()).ToList();

        // When
        var (records, warnings, splitter) = await SplitAsync(Text(b.ToString()));

        // Then
        Assert.Equal(expected, records);
        Assert.Empty(warnings);
        Assert.Equal("NVD_CVE", splitter.RootStrings["format"]);
        Assert.True(splitter.PeakBuffer <= 1 << 17, $"buffer grew to {splitter.PeakBuffer}");
    }

    [Fact]
    public async Task ReadAsync_ObjectMembers_NamedRecords()
    {
        // When: the Debian tracker's shape, {source: {CVE: {...}}}
        var (records, warnings, _) = await SplitAsync(Text("""{"a":{"CVE-1":{"x":1},"CVE-2":[]},"b":{},"c":{"CVE-3":"s"}}"""), container: "a");

        // Then: only the wanted container's members
        Assert.Equal(["CVE-1={\"x\":1}", "CVE-2=[]"], records);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("first")]
    [InlineData("middle")]
    [InlineData("last")]
    public async Task ReadAsync_HundredMegabyteString_SkippedWithoutBufferingOthersKept(string where)
    {
        // Given: a record holding a 100 MB string (streamed, never in memory here either)
        var good = """{"cve":{"id":"CVE-1"}}""";
        var bad = new HostileJson("{\"cve\":{\"id\":\"CVE-BAD\",\"d\":\"", 100_000_000, (byte)'a', "\"}}");
        var parts = where switch { "first" => new object[] { bad, good, good }, "middle" => [good, bad, good], _ => [good, good, bad] };

        // When
        var (records, warnings, splitter) = await SplitAsync(HostileJson.Document("{\"vulnerabilities\":[", parts, "]}"));

        // Then: the two others are kept, one warning names the file and the record, the buffer stayed within the bound
        Assert.Equal([good, good], records);
        var index = where switch { "first" => 0, "middle" => 1, _ => 2 };
        Assert.Equal($"f.json: vulnerabilities[{index}]: over 16 MiB of JSON; record skipped", Assert.Single(warnings));
        Assert.True(splitter.PeakBuffer <= FeedLimits.MaxRecordBytes + (1 << 16), $"buffer grew to {splitter.PeakBuffer}");
    }

    [Fact]
    public async Task ReadAsync_TenMillionItems_SkippedOthersKept()
    {
        // Given: one record with 10 million ranges, as a Debian-shaped member
        var bad = new HostileJson("\"CVE-BAD\":{\"ranges\":[", 10_000_000, "{\"x\":0},", "{}]}");

        // When
        var (records, warnings, splitter) = await SplitAsync(HostileJson.Document("{\"pkg\":{", ["\"CVE-1\":{}", bad, "\"CVE-2\":{}"], "}}"), "pkg");

        // Then: stopped at the item bound (100,000) long before the bytes were all buffered
        Assert.Equal(["CVE-1={}", "CVE-2={}"], records);
        Assert.Equal("f.json: CVE-BAD: more than 100000 items in one array or object; record skipped", Assert.Single(warnings));
        Assert.True(splitter.PeakBuffer <= 4 << 20, $"buffer grew to {splitter.PeakBuffer}");
    }

    [Fact]
    public async Task ReadAsync_DeepNesting_SkippedOthersKept()
    {
        // Given: 100,000 levels of nesting in one record
        var bad = new HostileJson("", 100_000, "[", new string(']', 100_000));

        // When
        var (records, warnings, splitter) = await SplitAsync(HostileJson.Document("{\"vulnerabilities\":[", ["1", bad, "2"], "]}"));

        // Then
        Assert.Equal(["1", "2"], records);
        Assert.Equal("f.json: vulnerabilities[1]: nesting deeper than 64; record skipped", Assert.Single(warnings));
        Assert.True(splitter.PeakBuffer <= 1 << 17, $"buffer grew to {splitter.PeakBuffer}");
    }

    [Fact]
    public async Task ReadAsync_LongStringUnderTheByteBound_SkippedByTheStringBound()
    {
        // When
        var (records, warnings, _) = await SplitAsync(Text("{\"vulnerabilities\":[{\"d\":\"" + new string('a', 2 << 20) + "\"},3]}"));

        // Then
        Assert.Equal(["3"], records);
        Assert.Equal("f.json: vulnerabilities[0]: a string over 1024 KiB; record skipped", Assert.Single(warnings));
    }

    [Theory]
    [InlineData("""{"vulnerabilities":[{"a":1},{"a":2}""", "not valid JSON")]
    [InlineData("""{"vulnerabilities":[{"a":1} {"a":2}]}""", "not valid JSON")]
    [InlineData("""{"vulnerabilities":[{"a":1}],}""", "not valid JSON")]
    public async Task ReadAsync_MalformedFile_FailsTheFile(string json, string message)
    {
        // When / Then
        var e = await Assert.ThrowsAsync<FeedFormatException>(() => SplitAsync(Text(json)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("f.json: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HugeTokenOutsideRecords_FailsTheFileWithinTheBound()
    {
        // Given: a 20 MB string in the root, where no record is
        var input = HostileJson.Document("{\"format\":\"", [new HostileJson("", 20_000_000, (byte)'a', "")], "\",\"vulnerabilities\":[]}");

        // When / Then
        var e = await Assert.ThrowsAsync<FeedFormatException>(() => SplitAsync(input));
        Assert.Contains("is over 16 MiB", e.Message, StringComparison.Ordinal);
    }
}
