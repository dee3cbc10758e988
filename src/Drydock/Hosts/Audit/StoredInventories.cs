using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Inventory;
using Drydock.Scanning.Cache;

namespace Drydock.Hosts.Audit;

/// <summary>
/// The inventory of each engine image the audit has read, kept under the cache directory
/// (<c>host-inventories/&lt;engine key&gt;/&lt;image id&gt;.json</c>, <see cref="EngineIdentity.Key"/>), so that after a
/// database update the image is re-matched rather than exported again: an image id is a content digest, so its
/// inventory never changes on that engine. A record made by other analyzer versions, or unreadable, counts as absent.
/// Written atomically through <see cref="SafeFileWriter"/>. Bounded: a record read or written is marked used (its
/// modification time, from <paramref name="clock"/>), each engine keeps at most <see cref="MaxPerEngine"/> records (the
/// least recently used go when a new one is stored), and <see cref="InventoryPruner"/> removes records by age or count.
/// </summary>
public sealed class StoredInventories(string directory, TimeProvider clock)
{
    private const int Schema = 1;

    /// <summary>The default bound per engine: far more images than a host keeps, few enough to list on every store.</summary>
    public const int DefaultMaxPerEngine = 1000;

    public static string DefaultDirectory => Path.Combine(CacheDirectory.Root, "host-inventories");

    public string Directory { get; } = directory;

    /// <summary>How many records one engine keeps; storing one more removes the least recently used.</summary>
    public int MaxPerEngine { get; init; } = DefaultMaxPerEngine;

    public ImageInventory? Load(EngineIdentity engine, string imageId)
    {
        var path = PathFor(engine, imageId);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), StoredInventoryJsonContext.Default.StoredInventory);
            if (record is not { Schema: Schema } || record.ImageId != imageId || record.Analyzers != Signature) return null;
            MarkUsed(path);
            return record.Inventory;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SaveAsync(EngineIdentity engine, string imageId, ImageInventory inventory, CancellationToken ct)
    {
        var path = PathFor(engine, imageId);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoredInventory(Schema, imageId, Signature, inventory), StoredInventoryJsonContext.Default.StoredInventory);
        await SafeFileWriter.WriteAllBytesAsync(path, bytes, ct);
        MarkUsed(path);
        new InventoryPruner(Directory, clock).PruneEngine(engine.Key, null, MaxPerEngine);
    }

    /// <summary>The record's modification time is when it was last used, so the count bound and age pruning drop the least recently used.</summary>
    private void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, clock.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a read-only cache still serves records; they only age as written
        }
    }

    private static string Signature => CacheKeys.InventorySignature(Analyzers.All);

    /// <summary>An id of the usual form (<c>sha256:hex</c>) names its file; anything else is hashed, so no id can name a path.</summary>
    private string PathFor(EngineIdentity engine, string imageId)
    {
        var name = imageId.Length <= 80 && imageId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == ':')
            ? imageId.Replace(':', '-')
            : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(imageId)));
        return Path.Combine(Directory, engine.Key, name + ".json");
    }
}

/// <summary>One stored inventory: the schema, the image id, the analyzer signature it was read with, and the inventory.</summary>
internal sealed record StoredInventory(int Schema, string ImageId, string Analyzers, ImageInventory Inventory);

[JsonSerializable(typeof(StoredInventory))]
internal sealed partial class StoredInventoryJsonContext : JsonSerializerContext;
