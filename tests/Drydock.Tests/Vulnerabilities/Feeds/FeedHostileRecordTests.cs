using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Vulnerabilities.Feeds;

/// <summary>
/// Issue 18: in every non-OSV feed, one hostile record (10 million items, a 100 MB string, 100,000 levels of nesting)
/// is skipped with a warning naming the file and the record, and the records around it are kept. Memory stays bounded
/// because the readers stop at their own bounds (see <see cref="JsonRecordSplitterTests"/> for the buffer itself).
/// </summary>
public sealed class FeedHostileRecordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-hostile-feed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HostileJson Bad(string kind, string prefix, string suffix) => kind switch
    {
        "items" => new HostileJson(prefix + "[", 10_000_000, "{},", "{}]" + suffix),
        "string" => new HostileJson(prefix + "\"", 100_000_000, (byte)'a', "\"" + suffix),
        _ => new HostileJson(prefix, 100_000, "[", new string(']', 100_000) + suffix),
    };

    private static string NvdGood(int i) => $$$"""{"cve":{"id":"CVE-2024-000{{{i}}}","descriptions":[{"lang":"en","value":"d"}]}}""";

    private static string DebianGood(int i) => "\"CVE-2024-000" + i + "\":{\"description\":\"d\",\"releases\":{\"bookworm\":{\"status\":\"open\",\"urgency\":\"low\"}}}";

    private static string SecDbGood(int i) => "{\"pkg\":{\"name\":\"p" + i + "\",\"secfixes\":{\"1.0-r0\":[\"CVE-2024-000" + i + "\"]}}}";

    private static string CsafGood(int i) => $$$"""{"vulnerabilities":[{"cve":"CVE-2024-000{{{i}}}"}]}""";

    private async Task<(List<string> Ids, IReadOnlyList<string> Warnings)> ReadAsync(IFeed feed)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var r in feed.ReadAsync(_dir, CancellationToken.None))
        {
            if (r.Vulnerability is { } v) ids.Add(v.Id);
            foreach (var a in r.Affected) ids.Add(a.VulnerabilityId);
        }
        return ([.. ids], feed.Warnings);
    }

    private string Write(string relative, string prefix, object[] parts, string suffix)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        HostileJson.WriteFile(path, prefix, parts, suffix);
        return relative;
    }

    public static TheoryData<string> Kinds => ["items", "string", "nesting"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Nvd_HostileCve_SkippedOthersKept(string kind)
    {
        // Given
        Write("nvdcve-2.0-2024.json", """{"format":"NVD_CVE","vulnerabilities":[""",
            [NvdGood(1), Bad(kind, """{"cve":{"id":"CVE-BAD","references":""", "}}"), NvdGood(2)], "]}");

        // When
        var (ids, warnings) = await ReadAsync(new NvdFeed(2024));

        // Then
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], ids);
        Assert.StartsWith("nvdcve-2.0-2024.json: vulnerabilities[1]: ", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.EndsWith("; record skipped", warnings[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task DebianTracker_HostileCve_SkippedOthersKept(string kind)
    {
        // Given
        Write("tracker.json", """{"openssl":{""", [DebianGood(1), Bad(kind, "\"CVE-BAD\":{\"releases\":", "}"), DebianGood(2)], "}}");

        // When
        var (ids, warnings) = await ReadAsync(new DebianTrackerFeed());

        // Then
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], ids);
        Assert.StartsWith("tracker.json: ", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.EndsWith("; record skipped", warnings[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AlpineAndWolfiSecDb_HostilePackage_SkippedOthersKept(string kind)
    {
        // Given: the same hostile package in an Alpine branch and in Wolfi's security.json
        object[] parts = [SecDbGood(1), Bad(kind, """{"pkg":{"name":"bad","secfixes":{"1.0-r0":""", "}}}"), SecDbGood(2)];
        Write("alpine/v3.20/main.json", """{"distroversion":"v3.20","packages":[""", parts, "]}");
        Write("wolfi/security.json", """{"packages":[""", parts, "]}");

        foreach (var (feed, sub, file) in new (IFeed, string, string)[] { (new AlpineSecDbFeed(), "alpine", "v3.20/main.json"), (WolfiSecDbFeed.Wolfi(), "wolfi", "security.json") })
        {
            // When
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            await foreach (var r in feed.ReadAsync(Path.Combine(_dir, sub), CancellationToken.None))
                foreach (var a in r.Affected) ids.Add(a.VulnerabilityId);

            // Then
            Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], ids);
            Assert.StartsWith(file + ": packages[1]: ", Assert.Single(feed.Warnings), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task RedHatCsaf_HostileDocument_SkippedOthersKept(string kind)
    {
        // Given: three VEX documents; the middle one has 10 million products, a 100 MB note or deep nesting
        Write("2024/cve-2024-0001.json", "", [CsafGood(1)], "");
        Write("2024/cve-2024-0002.json", "", [CsafGood(2)], "");
        Write("2024/cve-2024-0003.json", "", [Bad(kind, """{"product_tree":{"branches":""", """},"vulnerabilities":[{"cve":"CVE-BAD"}]}""")], "");

        // When
        var (ids, warnings) = await ReadAsync(new RedHatCsafFeed());

        // Then
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], ids);
        Assert.StartsWith("2024/cve-2024-0003.json: ", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.EndsWith("; record skipped", warnings[0], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task UbuntuTracker_HostileEntry_SkippedOthersKept(string kind)
    {
        // Given: two tracker entries and a hostile one (text with 10 million status lines or a 100 MB description; JSON nested deep)
        foreach (var i in (int[])[1, 2])
            Write($"active/CVE-2024-000{i}", $"Candidate: CVE-2024-000{i}\nPriority: low\n", [], $"noble_openssl: needed\n");
        object bad = kind switch
        {
            "items" => new HostileJson("Candidate: CVE-BAD\n", 10_000_000, "noble_p: needed\n", ""),
            "string" => new HostileJson("Candidate: CVE-BAD\nDescription:\n ", 100_000_000, (byte)'a', "\n"),
            _ => Bad(kind, """{"Candidate":"CVE-BAD","Patches":""", "}"),
        };
        Write("active/CVE-BAD", "", [bad], "");

        // When
        var (ids, warnings) = await ReadAsync(new UbuntuTrackerFeed());

        // Then
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002"], ids);
        Assert.StartsWith("active/CVE-BAD: ", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.EndsWith("; record skipped", warnings[0], StringComparison.Ordinal);
    }
}
