using System.IO.Compression;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// The one choice of gzip decoder for layers: ISA-L's inflate when libisal loads (about 4× zlib's speed), else .NET's
/// <see cref="GZipStream"/>. Both give the same bytes and the same errors. <c>DRYDOCK_INFLATE=managed</c> forces the
/// managed path (docs/performance.md); the choice is made once per process and reported by <c>drydock version --verbose</c>.
/// </summary>
internal static class GzipInflate
{
    /// <summary>The environment variable that forces the managed decoder when set to <c>managed</c>.</summary>
    public const string EnvironmentVariable = "DRYDOCK_INFLATE";

    private static readonly Lazy<InflateChoice> Chosen = new(() =>
        InflateChoice.Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), IsalLibrary.Candidates(AppContext.BaseDirectory)));

    /// <summary>The decoder this process uses.</summary>
    public static InflateChoice Choice => Chosen.Value;

    /// <summary>A stream of <paramref name="gzip"/>'s decoded bytes; disposing it disposes <paramref name="gzip"/>.</summary>
    public static Stream Open(Stream gzip) => Open(Choice, gzip);

    internal static Stream Open(InflateChoice choice, Stream gzip) => choice.Isal is { } isal
        ? new IsalGzipStream(isal, gzip)
        // GZipStream pulls 8 KiB at a time: a buffer keeps the source's reads (and its digest hashing) on larger blocks.
        : new GZipStream(new BufferedStream(gzip, 64 * 1024), CompressionMode.Decompress, leaveOpen: false);
}
