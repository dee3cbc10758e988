namespace Drydock.Cli;

/// <summary>Durations as flags take them: <c>90s</c>, <c>15m</c>, <c>6h</c>, <c>1d</c>, or plain seconds.</summary>
internal static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var t = text.Trim();
        var unit = t.Length > 0 && char.IsLetter(t[^1]) ? t[^1] : 's';
        var number = char.IsLetter(unit) && t.Length > 0 && char.IsLetter(t[^1]) ? t[..^1] : t;
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
            throw new UsageException($"invalid {option} '{text}' (expected e.g. 90s, 15m, 6h, 1d)");
        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new UsageException($"invalid {option} '{text}' (units: s, m, h, d)"),
        };
    }
}
