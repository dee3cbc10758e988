namespace Drydock.Images.Sources.Registry;

/// <summary>Reads a response body that must be small (manifests, configs, token answers) with a hard size limit.</summary>
internal static class BoundedContent
{
    public const long ManifestLimit = BlobLimits.Manifest;

    public static async Task<byte[]> ReadAsync(HttpContent content, long limit, Func<string> describe, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } length && length > limit)
            throw BlobLimits.TooLarge(describe(), length, limit);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
                throw BlobLimits.TooLarge(describe(), null, limit);
        }
        return buffer.ToArray();
    }
}
