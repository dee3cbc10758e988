using Drydock.Images.FileSystem;
using Drydock.Inventory.Purl;

namespace Drydock.Inventory.Languages;

/// <summary>
/// The loop every manifest analyzer shares: visit the kept files it selects, parse each, turn what the parser found
/// into packages with purl, path and layer, and turn a damaged file into a warning (DESIGN.md: a malformed manifest
/// never aborts a scan).
/// </summary>
internal static class ManifestAnalysis
{
    public static AnalyzerResult Run(
        AnalysisContext context,
        PackageType type,
        Func<FileEntry, bool> select,
        Func<Stream, FileEntry, IEnumerable<ParsedPackage>> parse) =>
        Run(context, type, select, entry =>
        {
            if (!context.FileSystem.HasContent(entry.Path)) return [];
            using var stream = context.FileSystem.OpenRead(entry.Path);
            return [.. parse(stream, entry)];
        });

    /// <summary>The same loop over what <paramref name="extractor"/> kept of each selected file during the walk.</summary>
    public static AnalyzerResult RunOnExtracts(
        AnalysisContext context,
        PackageType type,
        Func<FileEntry, bool> select,
        IFileExtractor extractor,
        Func<ReadOnlyMemory<byte>, IEnumerable<ParsedPackage>> parse) =>
        Run(context, type, select, entry =>
            context.FileSystem.GetExtract(entry.Path, extractor) is { } extract ? parse(extract) : []);

    private static AnalyzerResult Run(
        AnalysisContext context, PackageType type, Func<FileEntry, bool> select, Func<FileEntry, IEnumerable<ParsedPackage>> parse)
    {
        var packages = new List<Package>();
        var warnings = new List<InventoryWarning>();
        foreach (var entry in context.FileSystem.Entries)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (entry.Kind != FileKind.File || !select(entry)) continue;
            try
            {
                packages.AddRange(parse(entry).Select(p => ToPackage(p, type, entry)));
            }
#pragma warning disable CA1031 // The file is hostile input: whatever it makes a parser throw is a warning, not a failed scan.
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
#pragma warning restore CA1031
            {
                warnings.Add(new InventoryWarning(entry.Path, entry.LayerIndex, $"cannot parse: {ex.Message}"));
            }
        }
        return new AnalyzerResult { Packages = packages, Warnings = warnings };
    }

    public static Package ToPackage(ParsedPackage p, PackageType type, FileEntry foundIn) => new()
    {
        Type = type,
        Namespace = p.Namespace,
        Name = p.Name,
        Version = p.Version,
        Purl = PurlOf(type, p.Namespace, p.Name, p.Version),
        Licenses = p.Licenses,
        DependsOn = p.DependsOn,
        FoundIn = foundIn.Path,
        LayerIndex = foundIn.LayerIndex,
    };

    /// <summary>
    /// The purl; a Go module path (<see cref="Package.Name"/> holds all of it) is split at its last '/' into namespace
    /// and name, as purl-spec's golang type says (<c>pkg:golang/github.com/gorilla/mux@v1.8.0</c>).
    /// </summary>
    public static string PurlOf(PackageType type, string? @namespace, string name, string? version)
    {
        var slash = name.LastIndexOf('/');
        if (type == PackageType.Go && @namespace is null && slash > 0) (@namespace, name) = (name[..slash], name[(slash + 1)..]);
        return PackageUrl.Build(type.PurlType(), @namespace, name, string.IsNullOrEmpty(version) ? null : version);
    }

    /// <summary>The last path segment (<c>a/b/c.json</c> → <c>c.json</c>).</summary>
    public static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary><see cref="FileName"/> without a new string, for the checks asked of every tar entry (issue 17).</summary>
    public static ReadOnlySpan<char> FileNameSpan(string path) => path.AsSpan(path.LastIndexOf('/') + 1);

    /// <summary>The directory part with a trailing '/', or empty at the root.</summary>
    public static string Directory(string path) => path[..(path.LastIndexOf('/') + 1)];
}
