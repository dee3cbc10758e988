using System.Globalization;

namespace Drydock.Hosts.Rollout;

/// <summary>
/// A count of hosts given as a number (<c>3</c>) or a percentage of the hosts in the run (<c>25%</c>), as SSM's
/// <c>MaxConcurrency</c> and <c>MaxErrors</c> take them. A percentage is rounded down; for concurrency it is at least 1.
/// </summary>
public readonly record struct RolloutLimit(int Value, bool Percent)
{
    public static RolloutLimit Parse(string text, string option)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        var digits = percent ? t[..^1] : t;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || percent && value > 100)
            throw new UsageException($"invalid {option} '{text}': expected a number of hosts (3) or a percentage of them (25%)");
        return new RolloutLimit(value, percent);
    }

    /// <summary>How many hosts may run at the same time out of <paramref name="total"/> (never less than 1).</summary>
    public int Concurrency(int total) => Math.Max(1, Percent ? total * Value / 100 : Value);

    /// <summary>How many failed hosts are tolerated out of <paramref name="total"/>: the run stops starting hosts when failures exceed it.</summary>
    public int Errors(int total) => Percent ? total * Value / 100 : Value;

    public override string ToString() => Percent ? $"{Value.ToString(CultureInfo.InvariantCulture)}%" : Value.ToString(CultureInfo.InvariantCulture);
}
