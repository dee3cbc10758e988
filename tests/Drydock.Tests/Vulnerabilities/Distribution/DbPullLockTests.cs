using Drydock.Tests.Images.Sources;
using Drydock.Vulnerabilities.Distribution;
using Microsoft.Extensions.Time.Testing;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>The pull lock waits for another holder until the timeout has passed on the injected clock.</summary>
public sealed class DbPullLockTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AcquireAsync_HeldLock_GivesUpWhenTheClockPassesTheTimeout()
    {
        // Given: the lock held, and a clock that moves a minute each time it is read
        var db = _dir.Path("vuln.db");
        using var held = await DbPullLock.AcquireAsync(db, TimeSpan.FromMinutes(1), NullProgressSink.Instance, TimeProvider.System, CancellationToken.None);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMinutes(1) };

        // When
        var e = await Assert.ThrowsAsync<DrydockException>(() => DbPullLock.AcquireAsync(db, TimeSpan.FromMinutes(3), NullProgressSink.Instance, clock, CancellationToken.None));

        // Then: three minutes on the clock, not three minutes of waiting
        Assert.Contains("stayed locked by another drydock for 3 min", e.Message, StringComparison.Ordinal);
        Assert.True(clock.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) <= TimeSpan.FromMinutes(6));
    }

    [Fact]
    public async Task AcquireAsync_Released_TheNextHolderGetsIt()
    {
        // Given
        var db = _dir.Path("vuln.db");
        var first = await DbPullLock.AcquireAsync(db, TimeSpan.FromMinutes(1), NullProgressSink.Instance, TimeProvider.System, CancellationToken.None);
        first.Dispose();

        // When
        using var second = await DbPullLock.AcquireAsync(db, TimeSpan.FromSeconds(1), NullProgressSink.Instance, TimeProvider.System, CancellationToken.None);

        // Then
        Assert.True(File.Exists(db + ".pull-lock"));
    }
}
