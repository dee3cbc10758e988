using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The per-token bounds of one feed record (<see cref="FeedLimits"/>: string length, nesting, items of one array or
/// object), checked as a <see cref="Utf8JsonReader"/> passes over it, before any object model is built.
/// </summary>
internal static class RecordBounds
{
    /// <summary>
    /// Checks the token the reader is on; <paramref name="depth"/> is its depth inside the record, <paramref name="items"/>
    /// the running item count of each open container (length <see cref="FeedLimits.MaxNesting"/> + 2). Returns the bound
    /// it is past, or null.
    /// </summary>
    public static string? Check(ref Utf8JsonReader reader, int depth, scoped Span<int> items)
    {
        var token = reader.TokenType;
        if (token is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueSpan.Length > FeedLimits.MaxStringBytes)
            return $"a string over {FeedLimits.MaxStringBytes >> 10} KiB";
        var opens = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
        if (opens && depth >= FeedLimits.MaxNesting) return $"nesting deeper than {FeedLimits.MaxNesting}";
        if (depth > 0 && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName)
            && ++items[depth] > FeedLimits.MaxItems)
            return $"more than {FeedLimits.MaxItems} items in one array or object";
        if (opens) items[depth + 1] = 0;
        return null;
    }

    /// <summary>Checks a whole document held in memory (a CSAF file); returns the bound it is past, or null.</summary>
    public static string? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = FeedLimits.MaxNesting + 2 });
        Span<int> items = stackalloc int[FeedLimits.MaxNesting + 2];
        while (reader.Read())
            if (Check(ref reader, reader.CurrentDepth, items) is { } bound) return bound;
        return null;
    }
}
