using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// OSV (https://osv.dev): the per-ecosystem <c>all.zip</c> exports from
/// <c>https://osv-vulnerabilities.storage.googleapis.com/&lt;Ecosystem&gt;/all.zip</c>, or loose <c>*.json</c> records.
/// Zip entries are streamed one at a time from the seekable file (the archive is never loaded whole).
/// </summary>
internal sealed class OsvFeed(TimeProvider time) : IFeed
{
    private const string Bucket = "https://osv-vulnerabilities.storage.googleapis.com/";

    /// <summary>The OSV ecosystems Drydock matches (OSV schema, "Defined ecosystems"): those the distribution and ecosystem tables name.</summary>
    public static readonly IReadOnlyList<string> Ecosystems =
    [
        .. Inventory.OsRelease.Distros.All.Select(d => d.OsvEcosystem).OfType<string>().Distinct(StringComparer.Ordinal),
        .. Inventory.Ecosystems.All.Select(e => e.OsvEcosystem).OfType<string>(),
    ];

    private readonly List<string> _warnings = [];

    public string Name => "osv";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        Ecosystems.Select(e => new FeedFile(e + "/all.zip", new Uri(Bucket + Uri.EscapeDataString(e) + "/all.zip"))).ToList();

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                await using var file = File.OpenRead(path);
                using var zip = new ZipArchive(file, ZipArchiveMode.Read);
                foreach (var entry in zip.Entries)
                {
                    if (!entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) continue;
                    cancellationToken.ThrowIfCancellationRequested();
                    await using var stream = entry.Open();
                    if (await TryParseAsync(stream, entry.FullName, cancellationToken) is { } record) yield return record;
                }
            }
            else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                await using var stream = FeedFiles.OpenRead(path);
                if (await TryParseAsync(stream, Path.GetFileName(path), cancellationToken) is { } record) yield return record;
            }
        }
    }

    private async Task<AdvisoryRecord?> TryParseAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await ParseAsync(stream, time.GetUtcNow(), cancellationToken, name);
        }
        catch (FeedRecordException e)
        {
            _warnings.Add(e.Message);
            return null;
        }
    }

    /// <summary>One record; <see cref="FeedRecordException"/> when it is over a <see cref="FeedLimits"/> bound or of the wrong shape.</summary>
    internal static async Task<AdvisoryRecord?> ParseAsync(Stream stream, DateTimeOffset now, CancellationToken cancellationToken, string name = "record")
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(FeedLimits.Bounded(stream, name), default, cancellationToken);
            return OsvRecordParser.Parse(doc.RootElement, now, name);
        }
        catch (Exception e) when (FeedRecordException.IsMalformedRecord(e))
        {
            throw new FeedRecordException($"{name}: not an OSV record ({e.Message}); record skipped", e);
        }
    }
}
