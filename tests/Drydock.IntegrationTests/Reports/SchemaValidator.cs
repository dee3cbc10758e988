using System.Text;

namespace Drydock.IntegrationTests.Reports;

/// <summary>
/// Validates reports with the official schemas from npm: CycloneDX 1.6 as @cyclonedx/cyclonedx-library ships it,
/// SARIF 2.1.0 (final) as @microsoft/jest-sarif ships it, run with ajv; SPDX 2.3 by spdx-checks.cjs (no npm
/// package ships the SPDX 2.3 JSON schema). The packages are installed once into a folder under /tmp.
/// </summary>
internal static class SchemaValidator
{
    private const string Packages = "ajv@8 ajv-formats@3 ajv-formats-draft2019@1 ajv-draft-04@1 @cyclonedx/cyclonedx-library@10.3.0 spdx-expression-parse@4";
    private const string SarifPackage = "@microsoft/jest-sarif@1.0.0-beta.0";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "drydock-report-validators");

    public static string ScriptDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "Drydock.IntegrationTests", "Reports");

    /// <summary>Validates <paramref name="content"/> as <paramref name="kind"/> (cyclonedx, sarif, spdx, spdx-ids).</summary>
    public static async Task<(bool Valid, string Output)> ValidateAsync(string kind, string content)
    {
        var dir = await EnsureInstalledAsync();
        var file = Path.Combine(dir, $"report-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, content, new UTF8Encoding(false));
        try
        {
            var r = await ExternalTool.RunAsync("node", [Path.Combine(ScriptDirectory, "validate-report.cjs"), kind, file, dir], TimeSpan.FromMinutes(2),
                new Dictionary<string, string> { ["NODE_PATH"] = Path.Combine(dir, "node_modules") });
            if (r.ExitCode is not (0 or 1)) throw new InvalidOperationException($"validator crashed ({r.ExitCode}): {r.Stderr}");
            return (r.ExitCode == 0, r.Stdout + r.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var marker = Path.Combine(Root, "installed.txt");
            if (File.Exists(marker) && await File.ReadAllTextAsync(marker) == Packages + " " + SarifPackage) return Root;
            System.IO.Directory.CreateDirectory(Path.Combine(Root, "sarif"));
            var install = await ExternalTool.RunAsync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", Root, .. Packages.Split(' ')], TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0) throw new InvalidOperationException("npm install failed: " + install.Stderr);
            // jest-sarif is only a carrier for the schema file: pack it instead of installing its test-runner dependencies.
            foreach (var old in System.IO.Directory.GetFiles(Path.Combine(Root, "sarif"), "*.tgz")) File.Delete(old);
            var pack = await ExternalTool.RunAsync("npm", ["pack", "--pack-destination", Path.Combine(Root, "sarif"), SarifPackage], TimeSpan.FromMinutes(5));
            if (pack.ExitCode != 0) throw new InvalidOperationException("npm pack failed: " + pack.Stderr);
            var tgz = System.IO.Directory.GetFiles(Path.Combine(Root, "sarif"), "*.tgz").Single();
            var untar = await ExternalTool.RunAsync("tar", ["xzf", tgz, "-C", Path.Combine(Root, "sarif"), "package/lib/schemas/sarif-2.1.0-rtm.5.json"], TimeSpan.FromMinutes(1));
            if (untar.ExitCode != 0) throw new InvalidOperationException("tar failed: " + untar.Stderr);
            await File.WriteAllTextAsync(marker, Packages + " " + SarifPackage);
            return Root;
        }
        finally
        {
            Gate.Release();
        }
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Drydock.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Drydock.slnx)");
    }
}
