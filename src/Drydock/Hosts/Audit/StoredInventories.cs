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
/// Written atomically through <see cref="SafeFileWriter"/>.
/// </summary>
public sealed class StoredInventories(string directory)
{
    private const int Schema = 1;

    public static string DefaultDirectory => Path.Combine(CacheDirectory.Root, "host-inventories");

    public string Directory { get; } = directory;

    public ImageInventory? Load(EngineIdentity engine, string imageId)
    {
        var path = PathFor(engine, imageId);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), StoredInventoryJsonContext.Default.StoredInventory);
            return record is { Schema: Schema } && record.ImageId == imageId && record.Analyzers == Signature ? record.Inventory : null;
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
