using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The Ubuntu CVE tracker (https://git.launchpad.net/ubuntu-cve-tracker): a snapshot tarball of the repository
/// (streamed; only <c>active/</c>, <c>retired/</c> and <c>ignored/</c> <c>CVE-*</c> files are read), a checkout of it, or
/// the JSON conversions vuln-list and vunnel make of the same files.
/// </summary>
internal sealed class UbuntuTrackerFeed : IFeed
{
    private readonly List<string> _warnings = [];

    public string Name => UbuntuTrackerRecords.DataSource;

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        [new FeedFile("ubuntu-cve-tracker.tar.gz", new Uri("https://git.launchpad.net/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz"))];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
            {
                await foreach (var record in ReadTarballAsync(path, cancellationToken)) yield return record;
            }
            else if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || IsCveFileName(name))
            {
                await using var stream = FeedFiles.OpenRead(path);
                if (await ParseAsync(stream, Path.GetRelativePath(directory, path), cancellationToken) is { } record) yield return record;
            }
        }
    }

    private async IAsyncEnumerable<AdvisoryRecord> ReadTarballAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.DataStream is null || !InTrackedFolder(entry.Name) || !IsCveFileName(Path.GetFileName(entry.Name))) continue;
            if (await ParseAsync(entry.DataStream, Path.GetFileName(path) + ":" + entry.Name, cancellationToken) is { } record) yield return record;
        }
    }

    // A tracker entry is a few KiB; read whole (within the record bound), it is JSON (vuln-list, vunnel; vunnel keeps
    // the CVE-* name) when it starts with '{', the tracker's own text otherwise. A bad entry is skipped with a warning.
    private async Task<AdvisoryRecord?> ParseAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            using var reader = new StreamReader(FeedLimits.Bounded(stream, name), Encoding.UTF8, leaveOpen: true);
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (FeedRecordException e)
        {
            _warnings.Add(e.Message.Replace(" of JSON", "", StringComparison.Ordinal));
            return null;
        }
        return FeedJson.Guard(() => Parse(text) is { } cve ? [UbuntuTrackerRecords.From(cve)] : [], name, "the entry", _warnings) is [var one] ? one : null;
    }

    private static UbuntuCve? Parse(string text)
    {
        if (!text.TrimStart().StartsWith('{')) return UbuntuCveParser.ParseText(new StringReader(text));
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = FeedLimits.MaxNesting });
        return UbuntuCveParser.ParseJson(doc.RootElement);
    }

    // The tracker keeps CVEs in active/, retired/ and ignored/; other folders hold templates and scripts.
    private static bool InTrackedFolder(string entryName)
    {
        var parts = entryName.Split('/');
        return parts.Length >= 2 && parts[^2] is "active" or "retired" or "ignored";
    }

    private static bool IsCveFileName(string name) =>
        name.StartsWith("CVE-", StringComparison.Ordinal) && !name.Contains('.', StringComparison.Ordinal);
}
