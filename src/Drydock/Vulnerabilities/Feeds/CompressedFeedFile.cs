using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;
using ZstdSharp;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Opens a downloaded feed file whose compression is known only from its bytes (a repository's metadata may be gzip,
/// zstd or bzip2 whatever the name it is stored under; Oracle's OVAL is bzip2): gzip <c>1f 8b</c>, zstd <c>28 b5 2f fd</c>,
/// bzip2 <c>BZh</c>, else plain. Decompression is streamed.
/// </summary>
internal static class CompressedFeedFile
{
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(file, CompressionMode.Decompress);
        if (n >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) return new DecompressionStream(file);
        if (n >= 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h') return new BZip2InputStream(file);
        return file;
    }
}
