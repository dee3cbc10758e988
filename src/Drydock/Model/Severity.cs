namespace Drydock.Model;

/// <summary>Severity, ordered: Unknown &lt; Low &lt; Medium &lt; High &lt; Critical (negligible maps to Low).</summary>
public enum Severity
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
