using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// NVD's CVE JSON 2.0 yearly feeds (https://nvd.nist.gov/vuln/data-feeds: <c>nvdcve-2.0-YYYY.json.gz</c>, each with a
/// <c>.meta</c> file holding the sha256 of the uncompressed JSON). Used for CVSS severity where the vendor gives none.
/// </summary>
internal sealed class NvdFeed(int lastYear) : IFeed
{
    private const string Base = "https://nvd.nist.gov/feeds/json/cve/2.0/";
    private readonly List<string> _warnings = [];

    public string Name => "nvd";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        Enumerable.Range(2002, lastYear - 2001).Select(y => $"nvdcve-2.0-{y}.json.gz")
            .Select(f => new FeedFile(f, new Uri(Base + f)) { Sha256Url = new Uri(Base + f[..^8] + ".meta") }).ToList();

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A yearly file is 10-60 MB of JSON (all of them about 2 GB): streamed one CVE at a time.
        foreach (var path in FeedFiles.JsonFiles(directory))
            await foreach (var record in FeedJson.ReadAsync(path, Path.GetFileName(path), p => p == "vulnerabilities",
                (r, _) => NvdCveParser.Item(r.Document.RootElement), NvdCveParser.Parse, _warnings, cancellationToken))
                yield return record;
    }
}
