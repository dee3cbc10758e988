using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// End-of-life dates from endoflife.date (API v0, <c>https://endoflife.date/api/&lt;product&gt;.json</c>: an array of
/// cycles, each with <c>cycle</c>, <c>releaseDate</c>, <c>eol</c> (a date, or true/false when no date is published),
/// <c>extendedSupport</c> and <c>latest</c>). One file per product of <see cref="LifecycleFamilies"/>; the file name is the
/// product. Each cycle becomes a <see cref="ReleaseLifecycle"/> for every family that reads that product.
/// </summary>
internal sealed class EndOfLifeFeed : IFeed
{
    public const string FeedName = "endoflife";
    private const string Base = "https://endoflife.date/api/";

    public string Name => FeedName;

    public IReadOnlyList<FeedFile> DefaultFiles { get; } =
        LifecycleFamilies.All.Select(r => r.Product).OfType<string>().Distinct().Order(StringComparer.Ordinal)
            .Select(p => new FeedFile(p + ".json", new Uri(Base + p + ".json"))).ToList();

    public async IAsyncEnumerable<AdvisoryRecord> ReadAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in FeedFiles.JsonFiles(directory, recursive: false))
        {
            var product = Path.GetFileName(path).Split('.')[0];
            var families = LifecycleFamilies.All.Where(r => r.Product == product).ToList();
            if (families.Count == 0) continue;
            await using var stream = FeedFiles.OpenRead(path);
            using var doc = await JsonDocument.ParseAsync(stream, default, cancellationToken);
            yield return new AdvisoryRecord(null, []) { Lifecycles = Parse(doc.RootElement, families) };
        }
    }

    internal static List<ReleaseLifecycle> Parse(JsonElement root, IReadOnlyList<LifecycleFamilies.Row> families)
    {
        if (root.ValueKind != JsonValueKind.Array) throw new JsonException("an endoflife.date product file is a JSON array of cycles");
        var list = new List<ReleaseLifecycle>();
        foreach (var cycle in root.EnumerateArray())
        {
            if (cycle.ValueKind != JsonValueKind.Object || Text(cycle, "cycle") is not { } name) continue;
            foreach (var family in families)
            {
                var key = LifecycleFamilies.Key(new OsInfo { Family = family.Family, Version = name });
                if (key is null) continue;
                var eol = Field(cycle, "eol");
                if (family.FreeExtendedSupport && Field(cycle, "extendedSupport") is { Date: not null } extended) eol = extended;
                list.Add(new ReleaseLifecycle(key, eol.Date, eol.Flag, FeedName)
                {
                    ReleaseDate = Field(cycle, "releaseDate").Date,
                    Latest = Text(cycle, "latest"),
                });
            }
        }
        return list;
    }

    // "eol" and friends are a date string or a boolean; anything else counts as "not over, no date".
    private static (DateOnly? Date, bool Flag) Field(JsonElement cycle, string name)
    {
        if (!cycle.TryGetProperty(name, out var v)) return (null, false);
        return v.ValueKind switch
        {
            JsonValueKind.True => (null, true),
            JsonValueKind.String when DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => (d, false),
            _ => (null, false),
        };
    }

    // endoflife.date writes most cycles as strings, a few as numbers ("cycle": 12).
    private static string? Text(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : v.ValueKind == JsonValueKind.Number ? v.GetRawText()
        : null;
}
