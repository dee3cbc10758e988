namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>
/// node-semver for the oracle tests: <c>npm install semver</c> once per test run into a temp directory under /tmp
/// (npm registry access is allowed here); <see cref="Directory"/> is null with a <see cref="Reason"/> when node or
/// npm is absent or the install fails.
/// </summary>
internal static class NodeSemver
{
    private static readonly Lazy<(string? Dir, string Reason)> Installed = new(Install);

    public static string? Directory => Installed.Value.Dir;

    public static string Reason => Installed.Value.Reason;

    private static (string?, string) Install()
    {
        var dir = Path.Combine(Path.GetTempPath(), "drydock-node-semver");
        if (File.Exists(Path.Combine(dir, "node_modules", "semver", "package.json"))) return (dir, "");
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            var result = ReferenceOracleTests.RunBatch("npm", ["install", "--no-audit", "--no-fund", "--silent", "--prefix", dir, "semver@7"], [], dir);
            return result is not null && File.Exists(Path.Combine(dir, "node_modules", "semver", "package.json"))
                ? (dir, "")
                : (null, "npm install semver failed (no npm registry access?)");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node/npm is not installed");
        }
    }
}
