namespace Drydock.IntegrationTests.Inventory.Languages;

/// <summary>A fact that is skipped, saying which tool is missing, when one of <paramref name="tools"/> is not on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolsFactAttribute : FactAttribute
{
    public RequiresToolsFactAttribute(params string[] tools)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = tools.Where(t => !t.Contains('/', StringComparison.Ordinal) ? !path.Any(d => File.Exists(Path.Combine(d, t))) : !File.Exists(t)).ToList();
        if (missing.Count > 0) Skip = $"needs {string.Join(", ", missing)} (install it: scripts/install-deps.sh)";
    }
}
