using System.Text.Json.Nodes;
using Drydock.Hosts;
using Drydock.Hosts.Update;

namespace Drydock.Tests.Hosts;

/// <summary><c>host rollback NAME</c> with several engines configured: only the engine holding NAME's records, never a guess.</summary>
public sealed class RollbackEngineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("drydock-rollback-").FullName;
    private readonly UpdateStateStore _a;
    private readonly UpdateStateStore _b;

    public RollbackEngineTests()
    {
        _a = new UpdateStateStore(_root, new EngineIdentity("AAAA", "host-a", "/var/lib/docker"));
        _b = new UpdateStateStore(_root, new EngineIdentity("BBBB", "host-b", "/var/lib/docker"));
    }

    [Fact]
    public void Choose_RecordsOnOneEngine_ThatEngine()
    {
        // Given: web was updated on B only
        _b.AppendHistory(Completed("web"));

        // When
        var chosen = RollbackEngine.Choose("web", [new("unix:///a.sock", _a, null), new("unix:///b.sock", _b, null)]);

        // Then
        Assert.Equal(1, chosen);
    }

    [Fact]
    public void Choose_UpdateInProgressOnOneEngine_ThatEngine()
    {
        // Given: a crash left web's update pending on A
        _a.Save(Completed("web") with { Phase = UpdatePhase.RenamedAside });

        // When / Then
        Assert.Equal(0, RollbackEngine.Choose("web", [new("unix:///a.sock", _a, null), new("unix:///b.sock", _b, null)]));
    }

    [Fact]
    public void Choose_RecordsOnTwoEngines_RefusedNamingBoth()
    {
        // Given
        _a.AppendHistory(Completed("web"));
        _b.AppendHistory(Completed("web"));

        // When
        var e = Assert.Throws<UsageException>(() => RollbackEngine.Choose("web", [new("unix:///a.sock", _a, null), new("unix:///b.sock", _b, null)]));

        // Then
        Assert.Contains("unix:///a.sock, unix:///b.sock", e.Message);
        Assert.Contains("--host", e.Message);
    }

    [Fact]
    public void Choose_AnEngineUnreachable_RefusedEvenWhenAnotherHoldsRecords()
    {
        // Given: B holds records, C could not be asked (it might hold some too)
        _b.AppendHistory(Completed("web"));

        // When
        var e = Assert.Throws<DrydockException>(() => RollbackEngine.Choose("web", [new("unix:///b.sock", _b, null), new("ssh://c", null, "connection refused")]));

        // Then
        Assert.Contains("ssh://c: connection refused", e.Message);
    }

    [Fact]
    public void Choose_NoRecordsAnywhere_SaysSoNamingTheEngines()
    {
        // Given: another container's records only
        _a.AppendHistory(Completed("db"));

        // When
        var e = Assert.Throws<DrydockException>(() => RollbackEngine.Choose("web", [new("unix:///a.sock", _a, null), new("unix:///b.sock", _b, null)]));

        // Then
        Assert.Contains("no recorded update for container 'web' on any of the 2 engines", e.Message);
    }

    private static UpdateState Completed(string name) => new()
    {
        ContainerName = name,
        OldContainerId = "c1",
        OldImageId = "sha256:" + new string('1', 64),
        ImageReference = "app:1",
        NewImageId = "sha256:" + new string('2', 64),
        OldInspect = new JsonObject { ["Name"] = "/" + name },
        Phase = UpdatePhase.Verifying,
        StartedAt = DateTimeOffset.UnixEpoch,
    };

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
