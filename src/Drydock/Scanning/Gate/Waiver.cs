namespace Drydock.Scanning.Gate;

/// <summary>
/// One line of an ignore file: a vulnerability id, control id (<c>CIS-4.6</c>) or <c>DRYDOCK-EOL</c>, optionally
/// scoped to a package purl prefix, with an expiry date, an owner and a reason.
/// </summary>
public sealed record Waiver(string Id, DateOnly? Expires, string? Owner, string? Reason, string? PurlPrefix, int Line)
{
    public bool IsExpired(DateOnly today) => Expires is { } e && e < today;
}
