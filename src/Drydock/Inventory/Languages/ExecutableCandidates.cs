using Drydock.Images.FileSystem;

namespace Drydock.Inventory.Languages;

/// <summary>
/// Which files the binary analyzers (Go build info, cargo-auditable) read: regular files with an execute bit, between
/// 4 KiB and 64 MiB (the walker's per-file cap), under the directories where images put programs
/// (<c>usr/ bin/ sbin/ opt/ app/ srv/ home/ root/ go/ ko-app/</c>). Each passes through one reused buffer while the
/// layer streams past and only the analyzer's extract is kept, so memory is bounded by the largest candidate. A binary
/// at another path, or a shared library without an execute bit, is not read. A candidate over 64 MiB is not read
/// either, but is never silent: it is a warning naming path and layer (<see cref="Oversized"/>), so the scan is partial.
/// </summary>
internal static class ExecutableCandidates
{
    public const long MinSize = 4 << 10;
    public const long MaxSize = 64L << 20;

    private static readonly string[] Roots = ["usr/", "bin/", "sbin/", "opt/", "app/", "srv/", "home/", "root/", "go/", "ko-app/"];

    /// <summary>
    /// What the binary analyzers declare to the walker: executables of any size from <see cref="MinSize"/> up. One over
    /// the walker's per-file bound is then listed in the view (with a layer warning) but not read, so that
    /// <see cref="Oversized"/> can name it; not declaring it left it unlisted, and the scan silently smaller (issue 18).
    /// </summary>
    public static bool Wants(string path, long size, int mode)
    {
        // Asked of every tar entry: a loop, no closure per call (issue 17).
        if ((mode & 0x49) == 0 || size < MinSize) return false;
        foreach (var root in Roots)
        {
            if (path.StartsWith(root, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>An executable whose extract the analyzers read: <see cref="Wants"/> and at most <see cref="MaxSize"/>.</summary>
    public static bool IsCandidate(string path, long size, int mode) => size <= MaxSize && Wants(path, size, mode);

    /// <summary><paramref name="found"/> with a warning for each executable that would be a candidate but for its size.</summary>
    public static AnalyzerResult WithOversized(AnalysisContext context, AnalyzerResult found) =>
        found with { Warnings = [.. found.Warnings, .. Oversized(context.FileSystem)] };

    /// <summary>A warning for each executable that would be a candidate but for its size over <see cref="MaxSize"/>.</summary>
    public static IEnumerable<InventoryWarning> Oversized(IFileSystemView fs) =>
        fs.Entries
            .Where(e => e.Kind == FileKind.File && e.Size > MaxSize && Wants(e.Path, e.Size, e.Mode))
            .Select(e => new InventoryWarning(e.Path, e.LayerIndex,
                $"executable of {e.Size} bytes, over the {MaxSize >> 20} MiB read bound: not checked for Go or Rust build info"));
}
