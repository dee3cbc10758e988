using System.Text;
using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Go;

/// <summary>
/// Go modules compiled into executables, read from their embedded build info (<see cref="GoBuildInfoParser"/>).
/// Each binary yields its main module, every dependency module, and the standard library as
/// <c>pkg:golang/stdlib@v1.22.1</c> (the toolchain version with "go" replaced by "v", consistent with module versions,
/// as Trivy names it since its binary parser added the prefix) so Go advisories against
/// the standard library match. A main module built from a work tree has version <c>(devel)</c>, which is no version:
/// it is reported with an empty version and a version-less purl. Binaries built in GOPATH mode (Debian's packages)
/// carry no module lines and yield the standard library only. Which files are read: <see cref="ExecutableCandidates"/>;
/// each is parsed while the layer streams past and only its two build-info strings are kept (<see cref="IFileExtractor"/>).
/// </summary>
internal sealed class GoBinaryAnalyzer : IAnalyzer, IFileExtractor
{
    public string Id => "go-binary";

    public int Version => 3; // 3: an executable over the read bound is declared, so it is listed and warned about

    public bool Wants(string path, long size, int mode) => ExecutableCandidates.Wants(path, size, mode);

    public ReadOnlyMemory<byte>? Extract(ReadOnlyMemory<byte> content) =>
        BinaryExtract.Run(content, file => GoBuildInfoParser.ReadStrings(file) is var (version, modinfo) ? Strings(version, modinfo) : null);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ExecutableCandidates.WithOversized(context, ManifestAnalysis.RunOnExtracts(context, PackageType.Go, e => e.IsExecutable && ExecutableCandidates.IsCandidate(e.Path, e.Size, e.Mode), this, Parse));

    private static IEnumerable<ParsedPackage> Parse(ReadOnlyMemory<byte> extract)
    {
        using var r = new BinaryReader(new MemoryStream(BinaryExtract.Open(extract).ToArray()), Encoding.UTF8);
        var info = GoBuildInfoParser.ParseModInfo(r.ReadString(), r.ReadString());
        var found = new List<ParsedPackage>();
        if (info.Main is { } main) found.Add(new ParsedPackage(null, main.Path, main.Version == "(devel)" ? "" : main.Version));
        found.AddRange(info.Dependencies.Select(d => new ParsedPackage(null, d.Path, d.Version)));
        if (StdlibVersion(info.GoVersion) is { } std) found.Add(new ParsedPackage(null, "stdlib", std));
        return found.DistinctBy(p => (p.Name, p.Version));
    }

    private static byte[] Strings(string version, string modinfo)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(version);
            w.Write(modinfo);
        }
        return buffer.ToArray();
    }

    // "go1.21.5", "go1.21.5 X:boringcrypto" → "v1.21.5"; development toolchains ("devel go1.22-abc") name no release.
    private static string? StdlibVersion(string goVersion)
    {
        var first = goVersion.Split(' ', 2)[0];
        return first.StartsWith("go1", StringComparison.Ordinal) ? "v" + first[2..] : null;
    }
}
