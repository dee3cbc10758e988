using Drydock.Hosts.Audit;
using Drydock.Hosts.Rollout;
using Drydock.Hosts.Watch;

namespace Drydock.Tests.Hosts;

/// <summary>
/// The watch service as a library type (issue 12 item 4): a stale container is reported once per latest image, the
/// metrics count stale images, updates and rollbacks from the run report, and time comes from the injected clock; the
/// policy file is parsed again only when it changed.
/// </summary>
public sealed class WatchServiceTests
{
    [Fact]
    public async Task RunCycleAsync_TwoCyclesSameStaleImage_ReportedOnceAndMetricsCounted()
    {
        // Given: an audit that finds one stale container, an update that rolls one back and updates another
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var metrics = new WatchMetrics();
        var audit = new HostAuditReport(clock.GetUtcNow(), [], [Stale("web", "sha256:new")], []);
        var run = new RolloutReport([HostRunResult.Finished("h", [Container("web", ContainerOutcome.Updated), Container("db", ContainerOutcome.RolledBack)], TimeSpan.Zero)],
            new RolloutOptions(), null, clock.GetUtcNow(), TimeSpan.Zero);
        var service = new WatchService(_ => Task.FromResult(audit), _ => Task.FromResult(run), metrics, null, clock);

        // When
        var first = await service.RunCycleAsync(default);
        clock.Advance(TimeSpan.FromHours(6));
        var second = await service.RunCycleAsync(default);

        // Then
        Assert.Equal("web", Assert.Single(first.NewlyStale).Name);
        Assert.Empty(second.NewlyStale);
        Assert.Same(run, second.Update);
        var text = metrics.Render();
        Assert.Contains("drydock_images_stale 1\n", text, StringComparison.Ordinal);
        Assert.Contains("drydock_containers_updated_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("drydock_rollbacks_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("drydock_last_audit_timestamp_seconds 1800021600\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_FileUnchangedThenEdited_LoadedOnlyAgainAfterTheEdit()
    {
        // Given
        var path = Path.Combine(Directory.CreateTempSubdirectory("drydock-watch-").FullName, "drydock.yaml");
        File.WriteAllText(path, "one");
        var loads = 0;
        var file = new ChangedFile<string>(path, p => { loads++; return File.ReadAllText(p); }, "none");

        // When
        var a = file.Get();
        var b = file.Get();
        File.WriteAllText(path, "two, longer");
        var c = file.Get();

        // Then
        Assert.Equal(("one", "one", "two, longer"), (a, b, c));
        Assert.Equal(2, loads);
        Assert.Equal("none", new ChangedFile<string>(null, _ => throw new InvalidOperationException(), "none").Get());
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    private static AuditedContainer Stale(string name, string latest) => new()
    {
        Host = "h",
        Name = name,
        Id = "id-" + name,
        Image = "app:1",
        ImageId = "sha256:old",
        LatestImageId = latest,
        Stale = true,
    };

    private static ContainerRunResult Container(string name, ContainerOutcome outcome) => new(name, outcome, "sha256:old", "sha256:new", null, TimeSpan.Zero, "");
}
