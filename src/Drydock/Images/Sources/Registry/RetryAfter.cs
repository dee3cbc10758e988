using System.Globalization;
using System.Net.Http.Headers;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Reads <c>Retry-After</c> (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, relative to the given current time.
/// Negative or absent values give null; callers cap the result so a hostile server cannot stall a scan for hours.
/// </summary>
public static class RetryAfter
{
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? null : delta;
        if (header.Date is { } date) return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue));
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }
}
