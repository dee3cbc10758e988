using System.Globalization;
using System.Net.Http.Headers;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// The pull rate limit a registry reported (Docker Hub sends <c>ratelimit-limit: 100;w=21600</c> and
/// <c>ratelimit-remaining: 76;w=21600</c>, after the IETF RateLimit header draft). Null members were not sent.
/// </summary>
public sealed record RateLimitInfo(int? Limit, int? Remaining, int? WindowSeconds)
{
    /// <summary>Reads the headers of one response; null when the response carries none.</summary>
    public static RateLimitInfo? FromHeaders(HttpResponseHeaders headers)
    {
        var limit = First(headers, "RateLimit-Limit");
        var remaining = First(headers, "RateLimit-Remaining");
        return limit is null && remaining is null ? null : Parse(limit, remaining);
    }

    /// <summary>Parses the two header values (<c>quota[;w=window]</c>); unparsable parts become null.</summary>
    public static RateLimitInfo Parse(string? limit, string? remaining)
    {
        var (l, window) = ParseItem(limit);
        var (r, window2) = ParseItem(remaining);
        return new RateLimitInfo(l, r, window ?? window2);
    }

    public override string ToString() =>
        $"{Remaining?.ToString(CultureInfo.InvariantCulture) ?? "?"} of {Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"} pulls left" +
        (WindowSeconds is { } w ? $" per {w / 3600.0:0.#} h" : "");

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static (int? Value, int? Window) ParseItem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        int? value = null;
        int? window = null;
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) value = v;
        foreach (var p in parts.Skip(1))
        {
            if (p.StartsWith("w=", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(p[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var w)) window = w;
        }
        return (value, window);
    }
}
