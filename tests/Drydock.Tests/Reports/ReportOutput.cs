using System.Text;
using Drydock.Reports;
using Drydock.Scanning;

namespace Drydock.Tests.Reports;

/// <summary>Runs a writer into memory and compares against golden files (rewritten when UPDATE_GOLDEN=1).</summary>
internal static class ReportOutput
{
    public static string GoldenDirectory => Path.Combine(RepositoryRoot(), "tests", "Drydock.Tests", "Reports", "Golden");

    // Not SharedTestData.RepositoryRoot: its static initialiser reads RepositoryRoot before assigning it.
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Drydock.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Drydock.slnx)");
    }

    public static async Task<string> WriteAsync(IReportWriter writer, ScanReport report)
    {
        using var stream = new MemoryStream();
        await writer.WriteAsync(report, stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static async Task<string> WriteAsync(string format, ScanReport report, bool colour = false) =>
        await WriteAsync(ReportWriters.Get(format, colour), report);

    /// <summary>Asserts <paramref name="actual"/> equals the golden file byte for byte, or rewrites it under UPDATE_GOLDEN=1.</summary>
    public static void AssertGolden(string fileName, string actual)
    {
        var path = Path.Combine(GoldenDirectory, fileName);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"golden file {fileName} is missing: run the tests with UPDATE_GOLDEN=1 and review the diff");
        var expected = File.ReadAllText(path, Encoding.UTF8);
        Assert.Equal(expected, actual);
    }
}
