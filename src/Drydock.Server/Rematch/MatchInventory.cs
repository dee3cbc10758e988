using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Inventory;

namespace Drydock.Server.Rematch;

/// <summary>
/// The part of an image's inventory the matchers read (the OS and each package's identity, source, epoch, modularity
/// and build info), stored per manifest digest (<c>images.match_inventory</c>) so that a new vulnerability database
/// re-matches the image without reading it. File lists, dependencies, licences and warnings are left out: no matcher
/// reads them, and they are most of an inventory's size.
/// </summary>
public static class MatchInventory
{
    public static string ToJson(ImageInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var trimmed = inventory with
        {
            Warnings = [],
            Packages = [.. inventory.Packages.Select(p => p with { Files = [], DependsOn = [], Licenses = [], Maintainer = null, Vendor = null })],
        };
        return JsonSerializer.Serialize(trimmed, MatchInventoryJsonContext.Default.ImageInventory);
    }

    /// <summary>The stored inventory; a <see cref="JsonException"/> when the column does not hold one.</summary>
    public static ImageInventory FromJson(string json) =>
        JsonSerializer.Deserialize(json, MatchInventoryJsonContext.Default.ImageInventory) ?? throw new JsonException("the stored match inventory is null");
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageInventory))]
internal sealed partial class MatchInventoryJsonContext : JsonSerializerContext;
