namespace Drydock.Images.Sources;

/// <summary>
/// Size bounds for the JSON documents of an image, which are read whole into memory. Real manifests are a few KiB
/// and configs rarely pass 100 KiB; the bounds keep a hostile 100 MB "manifest" from being read at all.
/// (containerd caps manifests at 4 MiB; the same bound is used here.)
/// </summary>
internal static class BlobLimits
{
    public const long Manifest = 4L * 1024 * 1024;
    public const long Config = 8L * 1024 * 1024;

    /// <summary>Reads <paramref name="stream"/> whole, refusing (before reading, when the length is known) more than <paramref name="limit"/> bytes.</summary>
    public static byte[] ReadAll(Stream stream, long limit, string what)
    {
        using var buffer = new MemoryStream();
        if (stream.CanSeek)
        {
            var length = stream.Length - stream.Position;
            if (length > limit) throw TooLarge(what, length, limit);
            // Read into an array of the length the stream reports (issue 17: no 80 KiB chunk, zeroed and faulted in,
            // for each of the few-KiB documents a scan starts with); a stream that ends early is what it held.
            var known = new byte[length];
            var read = 0;
            int n;
            while (read < known.Length && (n = stream.Read(known, read, known.Length - read)) > 0) read += n;
            if (read < known.Length) return known[..read];
            var next = stream.ReadByte();
            if (next < 0) return known;
            // It grew while being read: go on below, under the same limit.
            if (known.Length + 1 > limit) throw TooLarge(what, null, limit);
            buffer.Write(known);
            buffer.WriteByte((byte)next);
        }
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + n > limit) throw TooLarge(what, null, limit);
                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    public static DrydockException TooLarge(string what, long? size, long limit) =>
        new(size is { } s
            ? $"{what} is {FormatSize(s)}, over the {FormatSize(limit)} limit"
            : $"{what} is over the {FormatSize(limit)} limit");

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB",
        >= 1024L * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        >= 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
