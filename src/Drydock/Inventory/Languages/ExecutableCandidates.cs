namespace Drydock.Inventory.Languages;

/// <summary>
/// Which files the binary analyzers (Go build info, cargo-auditable) ask the layer walker to keep. Their content is
/// held in memory until analysis, so the rule is narrower than "every executable": regular files with an execute bit,
/// between 4 KiB and 64 MiB (the view's per-file cap; larger binaries are skipped), under the directories where
/// images put programs (<c>usr/ bin/ sbin/ opt/ app/ srv/ home/ root/ go/ ko-app/</c>). A binary at another path,
/// or a shared library without an execute bit, is not read.
/// </summary>
internal static class ExecutableCandidates
{
    public const long MinSize = 4 << 10;
    public const long MaxSize = 64L << 20;

    private static readonly string[] Roots = ["usr/", "bin/", "sbin/", "opt/", "app/", "srv/", "home/", "root/", "go/", "ko-app/"];

    public static bool Wants(string path, long size, int mode) =>
        (mode & 0x49) != 0 && size is >= MinSize and <= MaxSize && Roots.Any(r => path.StartsWith(r, StringComparison.Ordinal));

    /// <summary>The whole file, read once (binaries are parsed from random offsets).</summary>
    public static byte[] ReadAll(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.Length == ms.GetBuffer().Length ? ms.GetBuffer() : ms.ToArray();
    }
}
