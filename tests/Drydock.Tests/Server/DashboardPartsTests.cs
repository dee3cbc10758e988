using System.Text;
using System.Text.Json;
using Drydock.Hosts.Rollout;
using Drydock.Reports.Hosts;
using Drydock.Server.Dashboard;
using Drydock.Server.Storage;

namespace Drydock.Tests.Server;

/// <summary>The dashboard's pure parts: run reports read into history rows, and the embedded pages.</summary>
public sealed class DashboardPartsTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public void ParseRun_RolloutJsonWriterReport_OneRowPerContainerOutcome()
    {
        // Given: a run report as 'host update --format json' writes it
        var report = new RolloutReport(
        [
            HostRunResult.Finished("ssh://ops@web1", [new ContainerRunResult("api", ContainerOutcome.RolledBack, "sha256:new", "sha256:old", "failed", TimeSpan.FromSeconds(2), "unhealthy")], TimeSpan.FromSeconds(3)),
            HostRunResult.Finished("ssh://ops@web2", [new ContainerRunResult("web", ContainerOutcome.Updated, "sha256:a", "sha256:b", "healthy", TimeSpan.FromSeconds(1), "updated")], TimeSpan.FromSeconds(1)),
        ], new RolloutOptions(), null, Started, TimeSpan.FromSeconds(4));
        using var buffer = new MemoryStream();
        RolloutJsonWriter.Write(report, buffer);
        using var document = JsonDocument.Parse(buffer.ToArray());

        // When
        var (startedAt, rows) = HistoryStore.ParseRun(document.RootElement);

        // Then
        Assert.Equal(Started, startedAt);
        Assert.Equal(
        [
            new HistoryStore.RunRow("ssh://ops@web1", "api", "rolledback", "sha256:new", "sha256:old", "failed", "unhealthy"),
            new HistoryStore.RunRow("ssh://ops@web2", "web", "updated", "sha256:a", "sha256:b", "healthy", "updated"),
        ], rows);
    }

    [Theory]
    [InlineData("[]", "not a run report")]
    [InlineData("""{"hosts":[]}""", "'startedAt' is missing")]
    [InlineData("""{"startedAt":"yesterday","hosts":[]}""", "startedAt 'yesterday' is not a date and time")]
    [InlineData("""{"startedAt":"2026-12-01T08:30:00Z"}""", "'hosts' is missing or not an array")]
    [InlineData("""{"startedAt":"2026-12-01T08:30:00Z","hosts":[{"host":"h","containers":[{"name":"c"}]}]}""", "hosts[0].containers[0]: 'outcome' is missing")]
    public void ParseRun_Malformed_NamesTheField(string json, string expected)
    {
        // Given
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));

        // When
        var error = Assert.Throws<FormatException>(() => HistoryStore.ParseRun(document.RootElement));

        // Then
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DashboardFiles_EveryServedName_IsEmbeddedAndReferencedByThePage()
    {
        // Given / When
        var texts = DashboardFiles.Names.ToDictionary(n => n, n =>
        {
            using var stream = DashboardFiles.Open(n);
            Assert.NotNull(stream);
            return new StreamReader(stream).ReadToEnd();
        });

        // Then: the page loads the script and the style from the server, and the script never writes markup
        Assert.Contains("src=\"/dashboard/dashboard.js\"", texts["index.html"], StringComparison.Ordinal);
        Assert.Contains("href=\"/dashboard/dashboard.css\"", texts["index.html"], StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", texts["dashboard.js"], StringComparison.Ordinal);
        Assert.Contains("sessionStorage", texts["dashboard.js"], StringComparison.Ordinal);
        Assert.Null(DashboardFiles.Open("secrets.txt"));
    }
}
