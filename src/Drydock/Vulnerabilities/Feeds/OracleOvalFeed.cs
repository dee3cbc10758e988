using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Oracle Linux: the ELSA OVAL document <c>com.oracle.elsa-all.xml.bz2</c> (streamed through bzip2, one definition at
/// a time), stored under <c>oracle:&lt;major&gt;</c>. vuln-list's conversion (<c>oval/oracle/&lt;year&gt;/ELSA-….json</c>)
/// is read too.
/// </summary>
internal sealed class OracleOvalFeed : IFeed
{
    private readonly List<string> _warnings = [];

    public string Name => "oracle-oval";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        [new FeedFile("com.oracle.elsa-all.xml.bz2", new Uri("https://linux.oracle.com/security/oval/com.oracle.elsa-all.xml.bz2"))];

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in OvalFiles.Xml(directory))
        {
            var name = Path.GetRelativePath(directory, path);
            foreach (var definition in OvalXmlReader.ReadDefinitions(path, name, _warnings, cancellationToken))
                foreach (var r in FeedJson.Guard(() => OracleOvalParser.Parse(definition, Name), name, definition.Id, _warnings) ?? [])
                    yield return r;
        }
        foreach (var path in FeedFiles.JsonFiles(directory))
        {
            var name = Path.GetRelativePath(directory, path);
            List<AdvisoryRecord>? records;
            using (var doc = await SmallJsonFile.ReadAsync(path, name, cancellationToken))
                records = FeedJson.Guard(() => OracleOvalParser.Parse(OvalVulnListJson.Definition(doc.RootElement, name), Name), name, "the definition", _warnings);
            foreach (var r in records ?? []) yield return r;
        }
    }
}
