namespace Drydock.Policy;

/// <summary>
/// Where scans get the vulnerability database (<c>database:</c> in drydock.yaml, docs/db-artifact.md): the team's OCI
/// repository to pull it from when the local copy is missing or older than <see cref="MaxAgeHours"/>, and the public key
/// its signature must verify with (then an unsigned or wrongly signed database is refused). Flags and
/// <c>DRYDOCK_DB_REPOSITORY</c> override it.
/// </summary>
public sealed record DatabasePolicy
{
    public string? Repository { get; init; }
    public int? MaxAgeHours { get; init; }
    public string? Key { get; init; }
}
