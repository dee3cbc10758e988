using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The Wolfi and Chainguard apk security databases (<c>https://packages.wolfi.dev/os/security.json</c>,
/// <c>https://packages.cgr.dev/chainguard/security.json</c>): Alpine's secdb format for a rolling distribution.
/// </summary>
internal sealed class WolfiSecDbFeed(string distribution, Uri url) : IFeed
{
    public static WolfiSecDbFeed Wolfi() => new("wolfi", new Uri("https://packages.wolfi.dev/os/security.json"));

    public static WolfiSecDbFeed Chainguard() => new("chainguard", new Uri("https://packages.cgr.dev/chainguard/security.json"));

    public string Name => distribution + "-secdb";

    public IReadOnlyList<FeedFile> DefaultFiles { get; } = [new FeedFile("security.json", url)];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory))
        {
            await using var stream = FeedFiles.OpenRead(path);
            using var doc = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            foreach (var record in SecDbParser.Parse(doc.RootElement, distribution + ":" + AdvisoryNamespaces.Rolling, Name)) yield return record;
        }
    }
}
