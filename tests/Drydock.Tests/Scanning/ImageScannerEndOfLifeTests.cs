using Drydock.Scanning;
using Drydock.Tests.Builders;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Tests.Scanning;

public sealed class ImageScannerEndOfLifeTests
{
    [Fact]
    public async Task ScanAsync_DatabaseHasLifecycle_GateUsesItBeforeTheBuiltInTable()
    {
        // Given: the built-in table says Debian 12 is supported until 2028; the database's endoflife data says it ended in 2020
        using var db = TestDatabase.Empty();
        db.Write([new AdvisoryRecord(null, []) { Lifecycles = [new ReleaseLifecycle("debian:12", new DateOnly(2020, 1, 1), false, "endoflife")] }]);
        var archive = Path.Combine(db.Directory, "img.tar");
        new ImageBuilder().Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"))
            .WriteDockerArchive(archive, DockerArchiveLayout.Legacy, "app:1");
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var withDatabase = TestScanner.With(db.Path, clock: clock);
        using var withoutDatabase = TestScanner.With(clock: clock);
        var request = TestScanner.Request("docker-archive:" + archive) with { RunControls = false };

        // When
        var withData = await withDatabase.ScanAsync(request, CancellationToken.None);
        var builtInOnly = await withoutDatabase.ScanAsync(request, CancellationToken.None);

        // Then
        Assert.Contains("the OS (debian 12) is past its end of life", withData.Gate!.Reasons);
        Assert.DoesNotContain(builtInOnly.Gate!.Reasons, r => r.Contains("end of life", StringComparison.Ordinal));
    }
}
