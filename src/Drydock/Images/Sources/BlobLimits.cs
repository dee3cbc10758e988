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
        if (stream.CanSeek && stream.Length - stream.Position > limit) throw TooLarge(what, stream.Length - stream.Position, limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > limit) throw TooLarge(what, null, limit);
            buffer.Write(chunk, 0, n);
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
