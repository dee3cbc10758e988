using System.Text.Json;

namespace Drydock.Inventory.Languages;

/// <summary>JSON reading shared by the manifest parsers: hand-edited manifests carry comments and trailing commas.</summary>
internal static class JsonOptions
{
    public static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    /// <summary>The string value of <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? StringProperty(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
