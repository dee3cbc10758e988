using System.Globalization;
using System.Text.Json;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>Typed reads of TUF metadata fields; a missing or mistyped field is a <see cref="ContentTrustException"/> naming it.</summary>
internal static class TufJson
{
    public static string String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new ContentTrustException($"metadata field '{name}' is missing or not a string");

    public static long Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0
            ? n
            : throw new ContentTrustException($"metadata field '{name}' is missing or not a whole number");

    public static JsonElement Object(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : throw new ContentTrustException($"metadata field '{name}' is missing or not an object");

    public static IReadOnlyList<string> Strings(JsonElement e, string name, int max)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
            throw new ContentTrustException($"metadata field '{name}' is missing or not a list");
        if (v.GetArrayLength() > max) throw new ContentTrustException($"metadata field '{name}' lists more than {max} entries");
        return v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new ContentTrustException($"metadata field '{name}' holds a non-string")).ToList();
    }

    public static DateTimeOffset Time(JsonElement e, string name) =>
        DateTimeOffset.TryParse(String(e, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new ContentTrustException($"metadata field '{name}' is not a time");

    public static byte[] Base64(string text, string what)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ContentTrustException($"{what} is not valid base64");
        }
    }
}
