using Drydock.Inventory.OsRelease;

namespace Drydock.Tests.Inventory.OsRelease;

public sealed class OsDetectorTrivyTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        if (!SharedTestData.Available) { data.Add("(no shared data)"); return data; }
        foreach (var c in TrivyOsCase.All()) data.Add(c.CaseName);
        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(CaseNames))]
    public void Detect_TrivyOsAnalyzerCase_GivesTrivysResult(string caseName)
    {
        // Given
        var c = TrivyOsCase.All().Single(x => x.CaseName == caseName);
        var detector = new OsDetector();

        // When
        var os = detector.Detect(c.Image.KeepingOnly(detector));

        // Then
        if (c.WantFamily is null)
        {
            Assert.True(os.IsUnknown, $"expected unknown, got {os.Family} {os.Version}");
            return;
        }
        Assert.Equal(c.WantFamily, os.Family);
        if (c.WantExtended is { } extended) Assert.Equal(extended, os.Extended);
        if (c.WantTrivyName is { } name) Assert.Equal(name, TrivyName(os));
    }

    [SharedDataFact]
    public void All_TrivyTables_HaveEveryCase()
    {
        Assert.Equal(54, TrivyOsCase.All().Count());
    }

    /// <summary>Our OsInfo written as Trivy's OS.Name (see the mapping on <see cref="TrivyOsCase"/>).</summary>
    private static string TrivyName(Drydock.Inventory.OsInfo os) => os.Family switch
    {
        "amazon" when os.Codename is null => "AMI release " + os.Version,
        "amazon" => $"{os.Version} ({os.Codename})",
        _ => os.Version,
    };
}
