using System.Diagnostics;
using System.Text;
using Drydock.Inventory;
using Drydock.Inventory.Dpkg;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Dpkg;

/// <summary>Issue 18: a hostile dpkg status costs linear time and bounded memory, and says what it cut.</summary>
public sealed class DpkgStatusBoundsTests
{
    private const string Head = "Package: a\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\nDescription: x\n";
    private const string Tail = "\nPackage: b\nStatus: install ok installed\nVersion: 2.0-1\nArchitecture: amd64\n";

    // One Description with n continuation lines of 16 characters (the quadratic case: 2 MB took 76 s on main).
    private static string ContinuationStatus(int bytes)
    {
        var b = new StringBuilder(Head, bytes + 200);
        while (b.Length < bytes) b.Append(" continuation-ln\n");
        return b.Append(Tail).ToString();
    }

    [Fact]
    public void Parse_DescriptionWithManyContinuationLines_IsLinearAndKeepsTheOtherPackages()
    {
        // Given: 4 MB of continuation lines (over 8 minutes on main)
        var text = ContinuationStatus(4 * 1024 * 1024);

        // When
        var clock = Stopwatch.StartNew();
        var result = DpkgStatusParser.Parse(new StringReader(text));
        clock.Stop();

        // Then: both packages, the description cut with a problem, in well under the old minutes
        Assert.Equal(["a", "b"], result.Installed.Select(e => e.Name));
        Assert.Contains(result.Problems, p => p.Contains("field 'Description' longer than 1 MiB", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Parse_OneHugeLine_IsSkippedWithAProblemAndTheRestKept()
    {
        // Given: a 3 MB line between two packages
        var text = Head + "Junk: " + new string('x', 3 * 1024 * 1024) + "\n" + Tail;

        // When
        var result = DpkgStatusParser.Parse(new StringReader(text));

        // Then
        Assert.Equal(["a", "b"], result.Installed.Select(e => e.Name));
        Assert.Contains(result.Problems, p => p.StartsWith("line 6: longer than 256 KiB characters; skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MoreThanTheBoundOfPackages_StopsWithAProblem()
    {
        // Given
        var b = new StringBuilder();
        for (var i = 0; i <= PackageDatabaseLimits.MaxPackages; i++) b.Append("Package: p").Append(i).Append("\nVersion: 1\n\n");

        // When
        var result = DpkgStatusParser.Parse(new StringReader(b.ToString()));

        // Then
        Assert.Equal(PackageDatabaseLimits.MaxPackages, result.Installed.Count);
        Assert.Contains(result.Problems, p => p.Contains($"more than {PackageDatabaseLimits.MaxPackages} packages", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_OverlongLine_WarningNamesFileAndLayer()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile(DpkgStatusAnalyzer.StatusPath, Head + new string('y', 300 * 1024) + "\n" + Tail, layer: 1);
        var analyzer = new DpkgStatusAnalyzer();

        // When
        var result = analyzer.Analyze(new AnalysisContext(fs.KeepingOnly(analyzer), new OsInfo { Family = "debian", Version = "12" }, CancellationToken.None));

        // Then
        Assert.Equal(2, result.Packages.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((DpkgStatusAnalyzer.StatusPath, (int?)1), (warning.Path, warning.LayerIndex));
    }

    [Fact]
    public void Parse_Cancelled_Throws()
    {
        // Given: the parse of a long status, cancelled beforehand (SIGINT, SIGTERM, --timeout)
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // When / Then
        Assert.Throws<OperationCanceledException>(() => DpkgStatusParser.Parse(new StringReader(ContinuationStatus(1024 * 1024)), cts.Token));
    }
}
