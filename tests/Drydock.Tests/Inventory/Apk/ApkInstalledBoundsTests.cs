using System.Text;
using Drydock.Inventory;
using Drydock.Inventory.Apk;

namespace Drydock.Tests.Inventory.Apk;

/// <summary>Issue 18: an apk installed database of hostile size is bounded and says so.</summary>
public sealed class ApkInstalledBoundsTests
{
    [Fact]
    public void Parse_MorePackagesThanTheBound_StopsThereWithAProblem()
    {
        // Given: 100,001 packages (main read 333,000 into 466 MB)
        var b = new StringBuilder();
        for (var i = 0; i <= PackageDatabaseLimits.MaxPackages; i++) b.Append("P:p").Append(i).Append("\nV:1-r0\n\n");

        // When
        var result = ApkInstalledParser.Parse(new StringReader(b.ToString()));

        // Then
        Assert.Equal(PackageDatabaseLimits.MaxPackages, result.Installed.Count);
        Assert.Equal($"line {3 * PackageDatabaseLimits.MaxPackages}: more than {PackageDatabaseLimits.MaxPackages} packages; the rest are not read",
            Assert.Single(result.Problems));
    }

    [Fact]
    public void Parse_OverlongLine_SkippedAndTheRecordKept()
    {
        var text = "P:musl\nV:1.2.4-r2\nT:" + new string('x', 300 * 1024) + "\nA:x86_64\n";

        var result = ApkInstalledParser.Parse(new StringReader(text));

        Assert.Equal(("musl", "x86_64"), (Assert.Single(result.Installed).Name, result.Installed[0].Architecture));
        Assert.Equal("line 3: longer than 256 KiB characters; skipped", Assert.Single(result.Problems));
    }

    [Fact]
    public void Parse_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => ApkInstalledParser.Parse(new StringReader("P:a\nV:1\n"), cts.Token));
    }
}
