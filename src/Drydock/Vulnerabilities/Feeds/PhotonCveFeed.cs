using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Photon OS's CVE metadata, one file per release (<c>cve_data_photon4.0.json</c>, a JSON array read one entry at a
/// time) stored under <c>photon:&lt;release&gt;</c>. vuln-list's layout (<c>photon/3.0/&lt;pkg&gt;/CVE-….json</c>, one
/// entry per file with <c>os_version</c>) is read too.
/// </summary>
internal sealed class PhotonCveFeed : IFeed
{
    private const string Base = "https://packages.broadcom.com/photon/photon_cve_metadata/";
    private readonly List<string> _warnings = [];

    public string Name => "photon-cve";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        new[] { "1.0", "2.0", "3.0", "4.0", "5.0" }.Select(r => $"cve_data_photon{r}.json").Select(f => new FeedFile(f, new Uri(Base + f))).ToList();

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory))
        {
            var name = Path.GetRelativePath(directory, path);
            var file = Path.GetFileName(path);
            if (file.StartsWith("cve_data_photon", StringComparison.Ordinal))
            {
                if (AdvisoryNamespaces.FirstNumber(file["cve_data_photon".Length..], 2) is not { } release)
                {
                    _warnings.Add($"{name}: no Photon release in the file name; file skipped");
                    continue;
                }
                await foreach (var record in JsonArrayRecords.ReadAsync(path, name,
                    r => PhotonCveParser.Parse(r.Document.RootElement, "photon:" + release, Name), _warnings, cancellationToken))
                    yield return record;
                continue;
            }
            // vuln-list: one entry per file, its release in os_version.
            await foreach (var record in FeedJson.ReadAsync(path, name, _ => false, (_, _) => [],
                root => OsvRecordParser.Str(root, "os_version") is { } v && AdvisoryNamespaces.FirstNumber(v, 2) is { } release
                    ? PhotonCveParser.Parse(root, "photon:" + release, Name)
                    : throw new FeedRecordException($"{name}: no os_version; record skipped"), _warnings, cancellationToken))
                yield return record;
        }
    }
}
