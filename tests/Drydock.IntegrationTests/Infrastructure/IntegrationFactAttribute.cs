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

    /// <summary>True when the test also reads ../shared/testdata: skipped with the reason when it is not beside the clone.</summary>
    public bool SharedData
    {
        get => field;
        set
        {
            field = value;
            if (value && Skip is null && !SharedTestData.Available) Skip = "needs ../shared/testdata (peer conformance data), which is not beside this clone";
        }
    }
}
