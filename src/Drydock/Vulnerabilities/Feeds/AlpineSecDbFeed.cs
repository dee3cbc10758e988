using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Alpine's security database (https://secdb.alpinelinux.org/, layout <c>v3.x/main.json</c> and
/// <c>v3.x/community.json</c>); the namespace comes from each file's <c>distroversion</c> (or its folder name).
/// </summary>
internal sealed class AlpineSecDbFeed : IFeed
{
    private const string Base = "https://secdb.alpinelinux.org/";
    private readonly List<string> _warnings = [];

    public string Name => "alpine-secdb";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        Enumerable.Range(2, 21).Select(minor => "v3." + minor).Append("edge")
            .SelectMany(b => new[] { b + "/main.json", b + "/community.json" })
            .Select(p => new FeedFile(p, new Uri(Base + p))).ToList();

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(path)) ?? "";
            var ns = folder == "edge" ? "alpine:edge" : AdvisoryNamespaces.FirstNumber(folder, 2) is { } r ? "alpine:" + r : "alpine";
            // distroversion precedes packages[] in the published files; one package at a time is read.
            await foreach (var record in FeedJson.ReadAsync(path, Path.GetRelativePath(directory, path), p => p == "packages",
                (r, root) => SecDbParser.Package(r.Document.RootElement, SecDbParser.Namespace(root.GetValueOrDefault("distroversion"), ns)!, Name),
                root => SecDbParser.Parse(root, ns, Name), _warnings, cancellationToken))
                yield return record;
        }
    }
}
