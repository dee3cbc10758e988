using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>Feed files that hold one record each (vuln-list's copies of OVAL definitions and ALAS updates).</summary>
internal static class SmallJsonFile
{
    /// <summary>One small JSON file (a vuln-list definition or table), read whole within <see cref="FeedLimits.MaxRecordBytes"/>.</summary>
    public static async Task<JsonDocument> ReadAsync(string path, string name, CancellationToken cancellationToken)
    {
        await using var stream = FeedLimits.Bounded(FeedFiles.OpenRead(path), name);
        try
        {
            return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = FeedLimits.MaxNesting }, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new FeedFormatException($"{name}: not valid JSON: {e.Message}");
        }
    }
}
