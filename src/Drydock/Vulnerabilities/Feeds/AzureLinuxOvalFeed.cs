using System.Runtime.CompilerServices;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Azure Linux 3 and CBL-Mariner 1/2: Microsoft's OVAL documents (<c>azurelinux-3.0-oval.xml</c>,
/// <c>cbl-mariner-2.0-oval.xml</c>; the family and release come from the file name) stored under
/// <c>azurelinux:3</c> and <c>cbl-mariner:2</c>. vuln-list's conversion (<c>azure/3.0/</c>, <c>mariner/2.0/</c> with
/// <c>definitions/</c>, <c>tests/</c>, <c>objects/</c>, <c>states/</c>) is read too.
/// </summary>
internal sealed class AzureLinuxOvalFeed : IFeed
{
    private const string Base = "https://raw.githubusercontent.com/microsoft/AzureLinuxVulnerabilityData/main/";
    private static readonly string[] VulnListTables = ["tests/tests.json", "objects/objects.json", "states/states.json"];
    private readonly List<string> _warnings = [];

    public string Name => "azure-linux-oval";

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        new[] { "cbl-mariner-1.0-oval.xml", "cbl-mariner-2.0-oval.xml", "azurelinux-3.0-oval.xml" }.Select(f => new FeedFile(f, new Uri(Base + f))).ToList();

    /// <summary><c>azurelinux:3</c> for a name that says Azure Linux, <c>cbl-mariner:2</c> for one that says Mariner, else null.</summary>
    public static string? Namespace(string text)
    {
        var lower = text.ToLowerInvariant();
        var family = lower.Contains("azure", StringComparison.Ordinal) ? "azurelinux" : lower.Contains("mariner", StringComparison.Ordinal) ? "cbl-mariner" : null;
        return family is not null && AdvisoryNamespaces.FirstNumber(lower, 1) is { } release ? family + ":" + release : null;
    }

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in OvalFiles.Xml(directory))
        {
            var name = Path.GetRelativePath(directory, path);
            if (Namespace(Path.GetFileName(path)) is not { } ns)
            {
                _warnings.Add($"{name}: the file name names neither Azure Linux nor CBL-Mariner and a release; file skipped");
                continue;
            }
            var tests = OvalXmlReader.ReadTests(path, name, cancellationToken);
            foreach (var definition in OvalXmlReader.ReadDefinitions(path, name, _warnings, cancellationToken))
                foreach (var r in FeedJson.Guard(() => MarinerOvalParser.Parse(definition, tests, ns, Name), name, definition.Id, _warnings) ?? [])
                    yield return r;
        }
        foreach (var release in VulnListReleases(directory))
        {
            var ns = Namespace(Path.GetRelativePath(directory, release))!;
            var tests = new OvalTests();
            foreach (var table in VulnListTables.Select(t => Path.Combine(release, t)).Where(File.Exists))
            {
                using var doc = await SmallJsonFile.ReadAsync(table, Path.GetRelativePath(directory, table), cancellationToken);
                OvalVulnListJson.AddTests(doc.RootElement, tests);
            }
            foreach (var path in FeedFiles.JsonFiles(Path.Combine(release, "definitions")))
            {
                var name = Path.GetRelativePath(directory, path);
                List<AdvisoryRecord>? records;
                using (var doc = await SmallJsonFile.ReadAsync(path, name, cancellationToken))
                    records = FeedJson.Guard(() => MarinerOvalParser.Parse(OvalVulnListJson.Definition(doc.RootElement, name), tests, ns, Name), name, "the definition", _warnings);
                foreach (var r in records ?? []) yield return r;
            }
        }
    }

    // vuln-list: <azure|mariner>/<release>/{definitions,tests,objects,states}/… (a damaged table fails the feed even
    // when the release has no definitions, as in trivy-db).
    private static IEnumerable<string> VulnListReleases(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories)
                .Where(d => Path.GetFileName(d) is "definitions" or "tests" or "objects" or "states")
                .Select(d => Path.GetDirectoryName(d)!)
                .Distinct(StringComparer.Ordinal)
                .Where(r => Namespace(Path.GetRelativePath(directory, r)) is not null)
                .Order(StringComparer.Ordinal);
}
