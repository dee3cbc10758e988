using ZstdSharp;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// The one choice of zstd decoder for layers: libzstd when it loads (the reference C decoder), else the managed
/// ZstdSharp port. Both give the same bytes and the same kinds of error. <c>DRYDOCK_INFLATE=managed</c> forces the
/// managed path here too (docs/performance.md); chosen once per process, reported by <c>drydock version --verbose</c>.
/// </summary>
internal static class ZstdDecode
{
    private static readonly Lazy<ZstdChoice> Chosen = new(() =>
        ZstdChoice.Resolve(Environment.GetEnvironmentVariable(GzipInflate.EnvironmentVariable), ZstdLibrary.Candidates(AppContext.BaseDirectory)));

    /// <summary>The decoder this process uses.</summary>
    public static ZstdChoice Choice => Chosen.Value;

    /// <summary>libzstd when this process has chosen and loaded it; null before the first zstd layer (nothing is loaded here).</summary>
    public static ZstdLibrary? Loaded => Chosen.IsValueCreated ? Chosen.Value.Library : null;

    /// <summary>A stream of <paramref name="zstd"/>'s decoded bytes; disposing it disposes <paramref name="zstd"/>.</summary>
    public static Stream Open(Stream zstd) => Open(Choice, zstd);

    internal static Stream Open(ZstdChoice choice, Stream zstd) => choice.Library is { } library
        ? new NativeZstdStream(library, zstd)
        : new DecompressionStream(zstd, checkEndOfStream: true, leaveOpen: false);
}
