namespace Drydock.Images.Sources.Registry;

/// <summary>
/// One challenge from a <c>WWW-Authenticate</c> header (RFC 7235 §4.1): a scheme (<c>Basic</c>, <c>Bearer</c>) and its
/// auth-params. The Docker token flow (distribution docs/spec/auth/token.md) reads <c>realm</c>, <c>service</c>, <c>scope</c>.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public string? Error => Parameters.GetValueOrDefault("error");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);
}
