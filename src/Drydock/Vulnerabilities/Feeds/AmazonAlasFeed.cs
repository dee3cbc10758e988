using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Amazon Linux 2 and 2023: the Amazon Linux Security Advisories as each release's core repository publishes them
/// (<c>updateinfo.xml</c>, located through the repository's mirror list and <c>repodata/repomd.xml</c>), stored under
/// <c>amazon:2</c> and <c>amazon:2023</c>; the release is the folder a file is in (<c>2/</c>, <c>2023/</c>; <c>1/</c> and
/// <c>2018.03/</c> are the Amazon Linux AMI, <c>amazon:2018</c>). vuln-list's copies (<c>amazon/2/ALAS2-….json</c>) are
/// read too.
/// </summary>
internal sealed class AmazonAlasFeed : IFeed
{
    private readonly List<string> _warnings = [];

    public string Name => "amazon-alas";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
    [
        new("2/updateinfo.xml.gz", new Uri("https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list"))
        {
            LatestPointer = new Uri("https://cdn.amazonlinux.com/2/core/latest/x86_64/mirror.list"), RepoDataType = "updateinfo",
        },
        new("2023/updateinfo.xml.gz", new Uri("https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list"))
        {
            LatestPointer = new Uri("https://cdn.amazonlinux.com/al2023/core/mirrors/latest/x86_64/mirror.list"), RepoDataType = "updateinfo",
        },
    ];

    /// <summary>The namespace of a file from the release folder it is in, or null when no folder names one.</summary>
    public static string? Namespace(string relativePath)
    {
        var folders = relativePath.Split('/', '\\').SkipLast(1).Reverse();
        foreach (var folder in folders)
        {
            if (folder is "1" or "2018.03") return "amazon:2018";
            if (folder is "2" or "2022" or "2023") return "amazon:" + folder;
        }
        return null;
    }

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory)) yield break;
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(directory, path);
            var file = Path.GetFileName(path);
            var xml = file.Contains("updateinfo", StringComparison.Ordinal) && !file.EndsWith(".validators", StringComparison.Ordinal) && !file.Contains(".part-", StringComparison.Ordinal);
            var json = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            if (!xml && !json) continue;
            if (Namespace(name) is not { } ns)
            {
                _warnings.Add($"{name}: not in a release folder (2/, 2023/…); file skipped");
                continue;
            }
            if (xml)
            {
                foreach (var update in UpdateInfoReader.Read(path, name, _warnings, cancellationToken))
                    foreach (var r in FeedJson.Guard(() => AlasParser.Parse(update, ns, Name), name, update.Id, _warnings) ?? [])
                        yield return r;
                continue;
            }
            List<AdvisoryRecord>? records;
            using (var doc = await SmallJsonFile.ReadAsync(path, name, cancellationToken))
                records = FeedJson.Guard(() => AlasParser.Parse(AlasParser.FromJson(doc.RootElement), ns, Name), name, "the update", _warnings);
            foreach (var r in records ?? []) yield return r;
        }
    }
}
