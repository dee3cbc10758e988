using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Rust;

/// <summary>
/// Rust crates compiled into executables built with cargo-auditable (<see cref="CargoAuditableParser"/>). Binaries
/// without the audit section say nothing about their crates and yield nothing. Which files are read:
/// <see cref="ExecutableCandidates"/>.
/// </summary>
internal sealed class RustBinaryAnalyzer : IAnalyzer
{
    public string Id => "rust-binary";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => ExecutableCandidates.Wants(path, size, mode);

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ManifestAnalysis.Run(context, PackageType.Cargo, e => e.IsExecutable && ExecutableCandidates.Wants(e.Path, e.Size, e.Mode), Parse);

    private static IEnumerable<ParsedPackage> Parse(Stream stream, FileEntry entry) =>
        CargoAuditableParser.Parse(ExecutableCandidates.ReadAll(stream)) ?? [];
}
