using System.Globalization;

namespace Drydock.Hosts.Watch;

/// <summary>Parses <c>--interval</c>: a whole number with a unit, <c>30s</c>, <c>15m</c>, <c>6h</c>, <c>1d</c>.</summary>
public static class WatchInterval
{
    public static TimeSpan Parse(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && long.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? span = char.ToLowerInvariant(t[^1]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
            if (span is { } s && s <= TimeSpan.FromDays(365)) return s;
        }
        throw new UsageException($"invalid --interval '{text}': expected a positive number with s, m, h or d (30s, 15m, 6h, 1d)");
    }
}
