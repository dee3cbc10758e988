using System.Formats.Tar;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ZstdSharp;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Red Hat's CSAF VEX files (https://security.access.redhat.com/data/csaf/v2/vex/: one JSON per CVE, also published
/// whole as <c>csaf_vex_&lt;date&gt;.tar.zst</c>, named by <c>archive_latest.txt</c>) and the mapping from content sets
/// to CPEs (<c>repository-to-cpe.json</c>, https://security.access.redhat.com/data/metrics/). A bundle folder holds the
/// mapping files and either the archive (streamed entry by entry, never unpacked) or loose <c>*.json</c> documents.
/// </summary>
internal sealed class RedHatCsafFeed : IFeed
{
    private const string RepositoryMap = "repository-to-cpe.json";
    private const string NvrMap = "nvr-to-cpe.json";

    public string Name => RedHatCsafParser.DataSource;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
    [
        new(RepositoryMap, new Uri("https://security.access.redhat.com/data/metrics/repository-to-cpe.json")),
        new("csaf_vex.tar.zst", new Uri("https://security.access.redhat.com/data/csaf/v2/vex/csaf_vex.tar.zst"))
        {
            LatestPointer = new Uri("https://security.access.redhat.com/data/csaf/v2/vex/archive_latest.txt"),
        },
    ];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var (file, kind) in new[] { (RepositoryMap, ProductCpe.Repository), (NvrMap, ProductCpe.Nvr) })
        {
            var path = Directory.EnumerateFiles(directory, file, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
            if (path is null) continue;
            await using var stream = FeedFiles.OpenRead(path);
            using var doc = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            yield return new AdvisoryRecord(null, []) { ProductCpes = ReadMap(doc.RootElement, kind) };
        }
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name is RepositoryMap or NvrMap) continue;
            if (name.EndsWith(".tar.zst", StringComparison.OrdinalIgnoreCase))
            {
                await foreach (var record in ReadArchiveAsync(path, cancellationToken)) yield return record;
            }
            else if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = FeedFiles.OpenRead(path);
                if (await ParseAsync(stream, cancellationToken) is { } record) yield return record;
            }
        }
    }

    private static async IAsyncEnumerable<AdvisoryRecord> ReadArchiveAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var zstd = new DecompressionStream(file);
        await using var tar = new TarReader(zstd);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            if (!entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            if (await ParseAsync(entry.DataStream, cancellationToken) is { } record) yield return record;
        }
    }

    private static async Task<AdvisoryRecord?> ParseAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var doc = await JsonDocument.ParseAsync(stream, default, cancellationToken);
        return RedHatCsafParser.Parse(doc.RootElement);
    }

    // Red Hat publishes {"data": {"<repo>": {"cpes": [...]}}}; vuln-list-redhat's copy is {"<repo>": [...]}.
    internal static List<ProductCpe> ReadMap(JsonElement root, string kind)
    {
        var map = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
        var list = new List<ProductCpe>();
        foreach (var p in map.EnumerateObject())
        {
            var cpes = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("cpes", out var c) ? c : p.Value;
            if (cpes.ValueKind != JsonValueKind.Array) continue;
            foreach (var cpe in cpes.EnumerateArray())
                if (cpe.GetString() is { Length: > 0 } s) list.Add(new ProductCpe(kind, p.Name, s));
        }
        return list;
    }
}
