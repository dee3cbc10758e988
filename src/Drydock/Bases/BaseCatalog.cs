using System.Text.Json;

namespace Drydock.Bases;

/// <summary>
/// The local base-image catalogue (<c>drydock base add</c>): a JSON file of known bases and their diff ids, used to
/// identify bases by layer chain without a registry. Default <c>$XDG_CACHE_HOME/drydock/bases.json</c>. Writes go to a
/// temp file beside it and are renamed into place, so a killed write never truncates the catalogue.
/// </summary>
public sealed class BaseCatalog(string path)
{
    public string Path { get; } = path;

    public static string DefaultPath => System.IO.Path.Combine(CacheDirectory.Root, "bases.json");

    public IReadOnlyList<BaseCatalogEntry> Load()
    {
        if (!File.Exists(Path)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path));
            return doc.RootElement.GetProperty("bases").EnumerateArray().Select(ReadEntry).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DrydockException($"base catalogue '{Path}' is damaged ({e.Message}); remove it and add the bases again");
        }
    }

    /// <summary>Adds or replaces (by reference) an entry.</summary>
    public void Add(BaseCatalogEntry entry) => Add([entry]);

    /// <summary>Adds or replaces (by reference) entries, in one write.</summary>
    public void Add(IReadOnlyList<BaseCatalogEntry> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var names = added.Select(e => e.Reference).ToHashSet(StringComparer.Ordinal);
        var entries = Load().Where(e => !names.Contains(e.Reference)).Concat(added).OrderBy(e => e.Reference, StringComparer.Ordinal).ToList();
        Save(entries);
    }

    public bool Remove(string reference)
    {
        var entries = Load().ToList();
        var removed = entries.RemoveAll(e => e.Reference == reference) > 0;
        if (removed) Save(entries);
        return removed;
    }

    private void Save(IReadOnlyList<BaseCatalogEntry> entries)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        SafeFileWriter.Write(Path, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteStartArray("bases");
            foreach (var e in entries) WriteEntry(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>One entry as the catalogue stores it (also the shape of <see cref="RepositoryListingCache"/>'s entries).</summary>
    internal static BaseCatalogEntry ReadEntry(JsonElement e) => new(
        e.GetProperty("reference").GetString() ?? "",
        e.TryGetProperty("digest", out var d) ? d.GetString() : null,
        e.GetProperty("diffIds").EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
        e.GetProperty("addedAt").GetDateTimeOffset());

    internal static void WriteEntry(Utf8JsonWriter w, BaseCatalogEntry e)
    {
        w.WriteStartObject();
        w.WriteString("reference", e.Reference);
        if (e.Digest is not null) w.WriteString("digest", e.Digest);
        w.WriteStartArray("diffIds");
        foreach (var id in e.DiffIds) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteString("addedAt", e.AddedAt);
        w.WriteEndObject();
    }
}
