namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A fact that needs external programs (docker-registry, skopeo, dockerd, …): skipped with a clear reason when one is
/// missing, instead of failing on a machine that has not run scripts/install-deps.sh.
/// </summary>
public sealed class IntegrationFactAttribute : FactAttribute
{
    public IntegrationFactAttribute(params string[] programs)
    {
        if (TestRoot.MissingTools(programs) is { } reason) Skip = reason;
        else if (programs.Contains("dockerd") && Environment.UserName != "root") Skip = "dockerd tests need root";
    }
}
