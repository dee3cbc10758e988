namespace Drydock.Inventory.Rpm;

/// <summary>
/// What a reader of one rpm database could not read, capped at <see cref="PackageDatabaseLimits.MaxProblems"/> lines: a
/// crafted file can be damaged on every one of millions of items, and each line becomes a warning of the report.
/// </summary>
internal sealed class RpmProblems
{
    private readonly List<string> _kept = [];
    private long _dropped;

    public void Add(string problem)
    {
        if (_kept.Count < PackageDatabaseLimits.MaxProblems) _kept.Add(problem);
        else _dropped++;
    }

    /// <summary>Why the reader stopped early; always the last line, never dropped.</summary>
    public string? Stopped { get; set; }

    public List<string> ToList()
    {
        var all = new List<string>(_kept);
        if (_dropped > 0) all.Add($"… and {_dropped} more problems of the same file");
        if (Stopped is not null) all.Add(Stopped);
        return all;
    }
}
