namespace Drydock.Server.Storage;

/// <summary>
/// What a token may do (docs/server.md "Tokens"): <c>read</c> reports and queries, <c>scan</c> submit scans (also
/// Harbor's), <c>agent</c> post host audits, <c>admin</c> everything, including creating tokens.
/// </summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Scan = "scan";
    public const string Agent = "agent";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Scan, Agent, Admin];

    /// <summary>True when a token holding <paramref name="held"/> may act with <paramref name="needed"/> (admin may do anything).</summary>
    public static bool Allows(IReadOnlyCollection<string> held, string needed) => held.Contains(Admin) || held.Contains(needed);
}
