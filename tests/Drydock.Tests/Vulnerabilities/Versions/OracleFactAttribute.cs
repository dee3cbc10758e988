namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>
/// A fact that needs the shared test data and a reference tool on this machine (an executable path, and optionally a
/// Python module for /usr/bin/python3): skipped with the reason when either is missing (xunit v2 skips only at discovery).
/// </summary>
internal sealed class OracleFactAttribute : FactAttribute
{
    public OracleFactAttribute(string executable, string? pythonModule = null)
    {
        if (!SharedTestData.Available) Skip = "needs ../shared/testdata (peer conformance data)";
        else if (Find(executable) is null) Skip = $"reference tool '{executable}' is not installed";
        else if (pythonModule is not null &&
                 ReferenceOracleTests.RunBatch(executable, ["-c", "import " + pythonModule], []) is null)
            Skip = $"python module '{pythonModule}' is not installed (scripts/install-deps.sh installs python3-rpm)";
    }

    private static string? Find(string executable) => Path.IsPathRooted(executable)
        ? (File.Exists(executable) ? executable : null)
        : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, executable)).FirstOrDefault(File.Exists);
}
