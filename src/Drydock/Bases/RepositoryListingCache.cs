using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Drydock.Bases;

/// <summary>
/// What listing a trusted repository gave (<see cref="TrustedBaseDiscovery"/>), kept on disk under
/// <c>&lt;cache&gt;/bases/repositories/&lt;sha256 of the key&gt;.json</c> for <see cref="Ttl"/>, so scans within it ask the
/// registry nothing. The key holds the repository, the platform, the tag globs and the tag bound. A file that is
/// damaged, from the future or older than the TTL is a miss; writes go through <see cref="SafeFileWriter"/> (renamed into place).
/// </summary>
public sealed class RepositoryListingCache(string cacheRoot, TimeProvider clock)
{
    /// <summary>How long a listing answers scans (docs/policy.md, "Base discovery").</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(6);

    public string Directory { get; } = Path.Combine(cacheRoot, "bases", "repositories");

    public static string Key(TrustedRepository repository, string platform, int maxTags)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var text = $"{repository.Name}\n{platform}\n{string.Join('\n', repository.TagPatterns)}\n{maxTags}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The stored listing when it is younger than <see cref="Ttl"/>; null otherwise.</summary>
    public RepositoryBasesResult? TryRead(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            var age = clock.GetUtcNow() - root.GetProperty("fetchedAt").GetDateTimeOffset();
            if (age < TimeSpan.Zero || age >= Ttl) return null;
            var entries = root.GetProperty("entries").EnumerateArray().Select(BaseCatalog.ReadEntry).ToList();
            var skipped = root.GetProperty("skipped").EnumerateArray().Select(x => x.GetString() ?? "").ToList();
            return new RepositoryBasesResult(entries, skipped, root.GetProperty("notRead").GetInt32());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
        {
            return null;
        }
    }

    public void Write(string key, RepositoryBasesResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        System.IO.Directory.CreateDirectory(Directory);
        SafeFileWriter.Write(PathOf(key), stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("fetchedAt", clock.GetUtcNow());
            w.WriteStartArray("entries");
            foreach (var e in result.Entries) BaseCatalog.WriteEntry(w, e);
            w.WriteEndArray();
            w.WriteStartArray("skipped");
            foreach (var s in result.Skipped) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteNumber("notRead", result.NotRead);
            w.WriteEndObject();
        });
    }

    private string PathOf(string key) => Path.Combine(Directory, key + ".json");
}
