using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages.Rust;

/// <summary>
/// Rust crates compiled into executables built with cargo-auditable (<see cref="CargoAuditableParser"/>). Binaries
/// without the audit section say nothing about their crates and yield nothing. Which files are read:
/// <see cref="ExecutableCandidates"/>; while the layer streams past only the <c>.dep-v0</c> section is kept of each
/// (<see cref="IFileExtractor"/>).
/// </summary>
internal sealed class RustBinaryAnalyzer : IAnalyzer, IFileExtractor
{
    public string Id => "rust-binary";

    public int Version => 3; // 3: an executable over the read bound is declared, so it is listed and warned about

    public bool Wants(string path, long size, int mode) => ExecutableCandidates.Wants(path, size, mode);

    public ReadOnlyMemory<byte>? Extract(ReadOnlyMemory<byte> content) =>
        BinaryExtract.Run(content, file => ElfSections.Find(file, ".dep-v0")?.ToArray());

    public AnalyzerResult Analyze(AnalysisContext context) =>
        ExecutableCandidates.WithOversized(context, ManifestAnalysis.RunOnExtracts(context, PackageType.Cargo, e => e.IsExecutable && ExecutableCandidates.IsCandidate(e.Path, e.Size, e.Mode), this,
            extract => CargoAuditableParser.ParseSection(BinaryExtract.Open(extract))));
}
