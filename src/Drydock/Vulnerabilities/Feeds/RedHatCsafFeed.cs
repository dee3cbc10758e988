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
    private readonly List<string> _warnings = [];

    public string Name => RedHatCsafParser.DataSource;

    public IReadOnlyList<string> Warnings => _warnings;

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
            AdvisoryRecord map;
            var path = Directory.EnumerateFiles(directory, file, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
            if (path is null) continue;
            // A mapping is one document (a few MiB); over the document bound it is a malformed file, not a skipped record.
            await using var stream = FeedFiles.OpenRead(path);
            try
            {
                using var doc = await JsonDocument.ParseAsync(FeedLimits.Bounded(stream, file, FeedLimits.MaxDocumentBytes), Depth, cancellationToken);
                map = new AdvisoryRecord(null, []) { ProductCpes = ReadMap(doc.RootElement, kind) };
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FeedRecordException)
            {
                throw new FeedFormatException($"{file}: not a product-to-CPE mapping: {e.Message}");
            }
            yield return map;
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
                if (await ParseAsync(stream, Path.GetRelativePath(directory, path), cancellationToken) is { } record) yield return record;
            }
        }
    }

    private async IAsyncEnumerable<AdvisoryRecord> ReadArchiveAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var zstd = new DecompressionStream(file);
        await using var tar = new TarReader(zstd);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            if (!entry.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
            // A document past the bound stops being read here; the tar reader passes over the rest of its bytes.
            if (await ParseAsync(entry.DataStream, Path.GetFileName(path) + ":" + entry.Name, cancellationToken) is { } record) yield return record;
        }
    }

    private static readonly JsonDocumentOptions Depth = new() { MaxDepth = FeedLimits.MaxNesting };

    // One VEX document is one record: bounded in bytes, then in nesting, strings and items (RecordBounds) before it is
    // parsed; a document past a bound or malformed is skipped with a warning.
    private async Task<AdvisoryRecord?> ParseAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> bytes;
        try
        {
            var buffer = new MemoryStream();
            await FeedLimits.Bounded(stream, name, FeedLimits.MaxDocumentBytes).CopyToAsync(buffer, cancellationToken);
            bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length); // not copied again
            if (RecordBounds.Check(bytes.Span) is { } bound) throw new FeedRecordException($"{name}: {bound}; record skipped");
        }
        catch (FeedRecordException e)
        {
            _warnings.Add(e.Message);
            return null;
        }
        catch (JsonException e)
        {
            _warnings.Add($"{name}: not valid JSON ({e.Message}); record skipped");
            return null;
        }
        using var doc = JsonDocument.Parse(bytes, Depth);
        return FeedJson.Guard(() => RedHatCsafParser.Parse(doc.RootElement) is { } r ? [r] : [], name, "the document", _warnings) is [var one] ? one : null;
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
