using Drydock.Model;
using Drydock.Vulnerabilities;
using Drydock.Vulnerabilities.Feeds;
using Drydock.Vulnerabilities.Store;

namespace Drydock.Tests.Vulnerabilities.Feeds;

public sealed class NvdFeedTests
{
    [SharedDataFact]
    public async Task ReadAsync_TrivyDbNvdFixture_CvssAsTrivyExpects()
    {
        // Given
        var expected = TrivyDbExpectations.HappyPath("nvd").Where(w => w.Key[0] == "vulnerability-detail").ToList();
        var records = new List<VulnerabilityRecord>();
        await foreach (var r in new NvdFeed(2026).ReadAsync(SharedTestData.Path("trivy-db/pkg/vulnsrc/nvd/testdata/happy/vuln-list-nvd"), CancellationToken.None))
            records.Add(r.Vulnerability!);

        Assert.Equal(expected.Count, records.Count);
        foreach (var (key, value) in expected)
        {
            // When
            var record = Assert.Single(records, r => r.Id == key[1]);

            // Then
            Assert.Equal(TrivyDbExpectations.Str(value, "Description"), record.Description);
            Check(record, "3.", TrivyDbExpectations.Str(value, "CvssVectorV3"), value, "CvssScoreV3", "SeverityV3");
            Check(record, "4.", TrivyDbExpectations.Str(value, "CvssVectorV40"), value, "CvssScoreV40", "SeverityV40");
            Check(record, "2.", TrivyDbExpectations.Str(value, "CvssVector"), value, "CvssScore", "Severity");
        }
    }

    private static void Check(VulnerabilityRecord record, string versionPrefix, string? vector, System.Text.Json.JsonElement value, string scoreName, string severityName)
    {
        var rating = record.Cvss.FirstOrDefault(c => c.Version.StartsWith(versionPrefix, StringComparison.Ordinal));
        if (vector is null)
        {
            Assert.Null(rating);
            return;
        }
        Assert.NotNull(rating);
        Assert.Equal(("nvd", vector, value.GetProperty(scoreName).GetDouble()), (rating.Source, rating.Vector, rating.Score!.Value));
        if (TrivyDbExpectations.Str(value, severityName) is { } severity)
            Assert.Equal(Enum.Parse<Severity>(severity["types.Severity".Length..]), rating.Severity);
    }
}
