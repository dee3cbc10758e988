using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// The verdict of one control on one image: pass, fail with evidence, or skip with the reason.
/// Evidence values that could be secrets are already masked.
/// </summary>
public sealed record ControlResult
{
    /// <summary><c>CIS-4.1</c> … <c>CIS-4.12</c>, <c>DRYDOCK-FRESHNESS</c>…</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required ControlOutcome Outcome { get; init; }
    public required Severity Severity { get; init; }

    /// <summary>One sentence: why it passed, failed or was skipped.</summary>
    public required string Summary { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
}

/// <summary>One fact behind a verdict, naming where in the image it was seen.</summary>
public sealed record Evidence
{
    public required string Message { get; init; }
    public string? Path { get; init; }
    public int? LayerIndex { get; init; }

    /// <summary>Index into the config history.</summary>
    public int? HistoryIndex { get; init; }

    /// <summary>Line in a Dockerfile (for <c>drydock dockerfile</c>).</summary>
    public int? Line { get; init; }

    /// <summary>Last line of a Dockerfile instruction continued over several lines; null for one line.</summary>
    public int? EndLine { get; init; }
}
