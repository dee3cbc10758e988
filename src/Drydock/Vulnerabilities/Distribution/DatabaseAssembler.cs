using System.IO.Compression;
using Drydock.Vulnerabilities.Database;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// Builds the database from feed layers: each layer is unpacked (bounded: a layer may not grow beyond
/// <see cref="MaxRatio"/> times its compressed size nor beyond <see cref="MaxLayerBytes"/>) and its feed's rows are
/// carried into a new database with <see cref="DatabaseWriter.CopyFeed"/>, which is committed with the artifact's build
/// time and swapped in atomically: readers see the old file or the new one, never half of either.
/// </summary>
internal static class DatabaseAssembler
{
    public const long MaxRatio = 200;
    public const long MaxLayerBytes = 16L << 30;

    public static async Task AssembleAsync(string databasePath, IReadOnlyList<(string Feed, string Layer)> layers, DateTimeOffset builtAt, CancellationToken cancellationToken)
    {
        var work = DrydockTemp.NewPath("db-assemble-");
        Directory.CreateDirectory(work);
        try
        {
            var unpacked = new List<(string Feed, string Path)>();
            foreach (var (feed, layer) in layers)
            {
                var path = Path.Combine(work, unpacked.Count + ".db");
                await UnpackAsync(layer, path, feed, cancellationToken);
                unpacked.Add((feed, path));
            }
            using var writer = DatabaseWriter.Create(databasePath);
            foreach (var (feed, path) in unpacked)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.CopyFeed(path, feed);
            }
            writer.Commit(builtAt);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task UnpackAsync(string layer, string target, string feed, CancellationToken cancellationToken)
    {
        var limit = Math.Min(MaxLayerBytes, Math.Max(1L << 20, new FileInfo(layer).Length * MaxRatio));
        await using var input = new GZipStream(File.OpenRead(layer), CompressionMode.Decompress);
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        try
        {
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit) throw new DrydockException($"the layer of feed {feed} unpacks to more than {limit} bytes; refused");
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DrydockException($"the layer of feed {feed} is not valid gzip ({e.Message})");
        }
    }
}
