using System.IO.Compression;
using ZstdSharp;

namespace Drydock.Images.Sources.Archives;

/// <summary>
/// Handles image archives that were compressed whole (<c>docker save img | gzip &gt; img.tar.gz</c>, as Trivy accepts):
/// a tar needs seeking to be read in place, so the archive is decompressed once into a GUID-named temp file.
/// The output is bounded as it is written, so a decompression bomb fills neither the disk nor the time: by an absolute
/// size, and, past a grace amount, by the ratio of the bytes written so far to the compressed bytes read so far (a
/// 21 MB bomb stops after about 64 MiB, where a bound on the final ratio alone let it write 4.2 GB).
/// </summary>
internal static class CompressedArchive
{
    /// <summary>Upper bound of a decompressed archive (absolute) and of its expansion ratio.</summary>
    public const long MaxDecompressedBytes = 64L * 1024 * 1024 * 1024;
    public const long MaxRatio = 200;

    /// <summary>Decompressed bytes written before the ratio applies (small archives of zeros compress very well).</summary>
    public const long RatioGraceBytes = 64L * 1024 * 1024;

    /// <summary>The temp file holding the decompressed tar, or null when <paramref name="path"/> is not compressed.</summary>
    public static string? DecompressIfNeeded(string path, string tempDirectory, CancellationToken cancellationToken = default) =>
        DecompressIfNeeded(path, tempDirectory, MaxDecompressedBytes, RatioGraceBytes, cancellationToken);

    internal static string? DecompressIfNeeded(
        string path, string tempDirectory, long maxBytes, long graceBytes, CancellationToken cancellationToken = default)
    {
        LayerCompression compression;
        long compressedLength;
        using (var probe = File.OpenRead(path))
        {
            compression = LayerCompressions.Sniff(probe);
            compressedLength = probe.Length;
        }
        if (compression == LayerCompression.None) return null;

        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, "drydock-" + Guid.NewGuid().ToString("N") + ".tar");
        try
        {
            using var input = new Layers.CountingReadStream(File.OpenRead(path));
            using Stream decompressed = compression == LayerCompression.Gzip
                ? new GZipStream(input, CompressionMode.Decompress)
                : new DecompressionStream(input);
            using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var limit = Math.Min(maxBytes, Math.Max(compressedLength, 1 << 20) * MaxRatio);
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = decompressed.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += n;
                if (total > limit)
                    throw new DrydockException($"{path} expands past {BlobLimits.FormatSize(limit)} when decompressed (decompression bomb?)");
                if (total > graceBytes && total > Math.Max(1, input.BytesRead) * MaxRatio)
                    throw new DrydockException($"{path} expands more than {MaxRatio}× when decompressed (decompression bomb?)");
                output.Write(buffer, 0, n);
            }
            return temp;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdException)
        {
            File.Delete(temp);
            throw new DrydockException($"corrupt compressed archive {path}: {e.Message}", inner: e);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
