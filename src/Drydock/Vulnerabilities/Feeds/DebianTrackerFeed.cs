using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>The Debian security tracker's JSON export, one file (<c>tracker.json</c> in a bundle; sub-folders are not read).</summary>
internal sealed class DebianTrackerFeed : IFeed
{
    private readonly List<string> _warnings = [];

    public string Name => DebianTrackerParser.DataSource;

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        [new FeedFile("tracker.json", new Uri("https://security-tracker.debian.org/tracker/data/json"))];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The export is one object of about 70 MB, {source: {CVE: {…}}}: streamed one (source, CVE) at a time.
        foreach (var path in FeedFiles.JsonFiles(directory, recursive: false))
            await foreach (var record in FeedJson.ReadAsync(path, Path.GetFileName(path), _ => true,
                (r, _) => [DebianTrackerParser.Record(r.Parent ?? throw Unnamed(path, r), r.Name ?? throw Unnamed(path, r), r.Document.RootElement)],
                _ => [], _warnings, cancellationToken))
                yield return record;
    }

    private static FeedRecordException Unnamed(string path, JsonRecord r) =>
        new($"{Path.GetFileName(path)}: {r.Label}: not a {{source: {{CVE: {{…}}}}}} member; record skipped");
}
