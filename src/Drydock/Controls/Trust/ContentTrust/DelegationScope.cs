using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Which target names a delegation may sign. <c>paths</c>: notary's path prefixes (<c>""</c> = every tag), and TUF's
/// shell-style patterns when an entry holds <c>*</c> or <c>?</c> (<c>*</c> stays within one <c>/</c> segment, as the TUF spec says); <c>path_hash_prefixes</c>: hex prefixes of the
/// name's sha256 (TUF spec 4.5). A delegation with neither may sign nothing.
/// </summary>
internal static class DelegationScope
{
    public static Func<string, bool> Of(JsonElement role)
    {
        if (role.TryGetProperty("paths", out var p) && p.ValueKind == JsonValueKind.Array)
        {
            var paths = TufJson.Strings(role, "paths", ContentTrustLimits.MaxKeys);
            return target => paths.Any(path => path.IndexOfAny(['*', '?']) >= 0 ? Glob.IsMatch(path, target) : target.StartsWith(path, StringComparison.Ordinal));
        }
        if (role.TryGetProperty("path_hash_prefixes", out var h) && h.ValueKind == JsonValueKind.Array)
        {
            var prefixes = TufJson.Strings(role, "path_hash_prefixes", ContentTrustLimits.MaxKeys).Select(x => x.ToLowerInvariant()).ToList();
            return target =>
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)));
                return prefixes.Any(x => hash.StartsWith(x, StringComparison.Ordinal));
            };
        }
        return static _ => false;
    }

    /// <summary>The scope as a reader would state it: <c>paths "release-", "v1."</c>, <c>path_hash_prefixes "ab"</c>, or none.</summary>
    public static string Describe(JsonElement role)
    {
        foreach (var field in new[] { "paths", "path_hash_prefixes" })
        {
            if (role.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array)
            {
                var entries = TufJson.Strings(role, field, ContentTrustLimits.MaxKeys);
                return entries.Count == 0 ? $"its {field} list is empty" : $"its {field}: {string.Join(", ", entries.Select(e => $"\"{e}\""))}";
            }
        }
        return "it lists no paths";
    }
}
