using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The Wolfi and Chainguard apk security databases (<c>https://packages.wolfi.dev/os/security.json</c>,
/// <c>https://packages.cgr.dev/chainguard/security.json</c>): Alpine's secdb format for a rolling distribution.
/// </summary>
internal sealed class WolfiSecDbFeed(string distribution, Uri url) : IFeed
{
    public static WolfiSecDbFeed Wolfi() => new("wolfi", new Uri("https://packages.wolfi.dev/os/security.json"));

    public static WolfiSecDbFeed Chainguard() => new("chainguard", new Uri("https://packages.cgr.dev/chainguard/security.json"));

    private readonly List<string> _warnings = [];

    public string Name => distribution + "-secdb";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } = [new FeedFile("security.json", url)];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory))
        {
            var ns = distribution + ":" + AdvisoryNamespaces.Rolling;
            await foreach (var record in FeedJson.ReadAsync(path, Path.GetRelativePath(directory, path), p => p == "packages",
                (r, _) => SecDbParser.Package(r.Document.RootElement, ns, Name), root => SecDbParser.Parse(root, ns, Name), _warnings, cancellationToken))
                yield return record;
        }
    }
}
