using System.Text.Json;

namespace Drydock.Inventory.OsRelease;

/// <summary>
/// Reads <c>var/lib/ubuntu-advantage/status.json</c> (written by the Ubuntu Pro client): Expanded Security
/// Maintenance is on when the service <c>esm-infra</c> has status <c>enabled</c>. Ubuntu ESM images get fixes
/// that the public archive does not have, so the vulnerability matcher must know.
/// </summary>
internal static class UbuntuEsmStatusParser
{
    /// <summary>True when esm-infra is enabled; false when disabled or absent; null when the file is not JSON.</summary>
    public static bool? IsEsmEnabled(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Array)
                return false;
            foreach (var s in services.EnumerateArray())
            {
                if (s.ValueKind == JsonValueKind.Object
                    && s.TryGetProperty("name", out var n) && n.ValueEquals("esm-infra")
                    && s.TryGetProperty("status", out var st) && st.ValueEquals("enabled"))
                    return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
