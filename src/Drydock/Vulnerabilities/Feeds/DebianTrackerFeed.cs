using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>The Debian security tracker's JSON export, one file (<c>tracker.json</c> in a bundle; sub-folders are not read).</summary>
internal sealed class DebianTrackerFeed : IFeed
{
    public string Name => DebianTrackerParser.DataSource;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        [new FeedFile("tracker.json", new Uri("https://security-tracker.debian.org/tracker/data/json"))];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory, recursive: false))
        {
            await using var stream = FeedFiles.OpenRead(path);
            using var doc = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            foreach (var record in DebianTrackerParser.Parse(doc.RootElement)) yield return record;
        }
    }
}
