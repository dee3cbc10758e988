using System.Text.Json.Nodes;
using Drydock.Hosts;
using Drydock.Hosts.Update;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Hosts;

/// <summary>
/// Update state per engine (issue 14 item 3): two engines with a container of the same name never share a record, a
/// record of an older version (kept by name alone) is adopted only by the engine that holds its container, and an
/// interrupted update is never backed out on an engine that is not its own.
/// </summary>
public sealed class EngineStateTests : IDisposable
{
    private const string OldImage = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string NewImage = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private readonly string _root = Directory.CreateTempSubdirectory("drydock-engines-").FullName;
    private readonly FakeDockerEngine _one = Engine("/srv/one", 0);
    private readonly FakeDockerEngine _two = Engine("/srv/two", 1000);

    [Fact]
    public void Key_SameIdOtherDataRoot_DifferentKeys()
    {
        // Given: Docker 20.10 engines of one machine share the ID of /etc/docker/key.json
        var a = new EngineIdentity("4C77:NALZ", "vm", "/srv/one");
        var b = new EngineIdentity("4C77:NALZ", "vm", "/srv/two");

        // When / Then
        Assert.NotEqual(a.Key, b.Key);
        Assert.Equal(a.Key, new EngineIdentity("4C77:NALZ", "vm", "/srv/one").Key);
        Assert.StartsWith("4C77:NALZ-", a.Key, StringComparison.Ordinal);
        Assert.DoesNotContain('/', new EngineIdentity("../../x", "n", "r").Key);
    }

    [Fact]
    public async Task Save_SameNameOnTwoEngines_SeparateRecords()
    {
        // Given
        var one = await UpdateStateStore.OpenAsync(_one, _root, NullProgressSink.Instance, true, default);
        var two = await UpdateStateStore.OpenAsync(_two, _root, NullProgressSink.Instance, true, default);

        // When
        two.Save(await PendingAsync(_two));

        // Then
        Assert.Empty(one.Pending());
        Assert.Equal(_two.Identity.Key, Assert.Single(two.Pending()).EngineKey);
    }

    [Fact]
    public async Task Open_LegacyRecordOfTheOtherEngine_LeftAloneAndNothingTouched()
    {
        // Given: an older version's record of engine two's interrupted update of "web", kept by name alone
        var legacy = await WriteLegacyAsync(_two);
        var before = (await _one.InspectContainerAsync("web", default))!.ToJsonString();
        var progress = new RecordingProgress();

        // When: an update run on engine one
        var store = await UpdateStateStore.OpenAsync(_one, _root, progress, true, default);
        var outcomes = await new HostUpdater(_one, store, Options).RecoverPendingAsync(default);

        // Then: engine one's web is as it was, the legacy file is where it was, and the run said so
        Assert.Empty(outcomes);
        Assert.Equal(before, (await _one.InspectContainerAsync("web", default))!.ToJsonString());
        Assert.DoesNotContain(_one.Calls, c => c.StartsWith("remove", StringComparison.Ordinal) || c.StartsWith("rename", StringComparison.Ordinal));
        Assert.True(File.Exists(legacy));
        Assert.Contains(progress.Warnings, w => w.Contains("names no container of this engine: left alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_LegacyRecordOfThisEngine_AdoptedAndRecovered()
    {
        // Given
        var legacy = await WriteLegacyAsync(_two);

        // When
        var store = await UpdateStateStore.OpenAsync(_two, _root, NullProgressSink.Instance, true, default);
        var outcome = Assert.Single(await new HostUpdater(_two, store, Options).RecoverPendingAsync(default));

        // Then: the parked container is back under its name and running; no state is left anywhere
        Assert.Equal(UpdateResultKind.Recovered, outcome.Kind);
        Assert.False(File.Exists(legacy));
        Assert.Empty(store.Pending());
        var web = (await _two.InspectContainerAsync("web", default))!;
        Assert.True(web["State"]!["Running"]!.GetValue<bool>());
        Assert.Equal(OldImage, web["Image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_DryRun_LegacyRecordNotMoved()
    {
        // Given
        var legacy = await WriteLegacyAsync(_two);

        // When
        var store = await UpdateStateStore.OpenAsync(_two, _root, NullProgressSink.Instance, adoptLegacy: false, default);

        // Then
        Assert.True(File.Exists(legacy));
        Assert.Empty(store.Pending());
    }

    [Fact]
    public async Task RecoverAsync_RecordWhoseContainerIsNotOnTheEngine_FailsAndTouchesNothing()
    {
        // Given: engine two's record copied by hand into engine one's folder
        var one = new UpdateStateStore(_root, _one.Identity);
        var state = await PendingAsync(_two);
        one.Save(state);
        var before = (await _one.InspectContainerAsync("web", default))!.ToJsonString();

        // When
        var outcome = await new ContainerUpdater(_one, one, Options).RecoverAsync(one.Pending().Single(), default);

        // Then
        Assert.Equal(UpdateResultKind.Failed, outcome.Kind);
        Assert.Contains("left alone", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await _one.InspectContainerAsync("web", default))!.ToJsonString());
        Assert.Single(one.Pending());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static UpdateOptions Options => new() { PollInterval = TimeSpan.FromMilliseconds(1), StableFor = TimeSpan.FromMilliseconds(5), HealthTimeout = TimeSpan.FromMilliseconds(300) };

    /// <summary>An engine with "web" running app:1; <paramref name="idBase"/> keeps container ids of the two engines apart, as real ids are.</summary>
    private static FakeDockerEngine Engine(string root, int idBase)
    {
        var engine = new FakeDockerEngine { Identity = new EngineIdentity("SAME:ID", "vm", root), IdSeed = idBase };
        engine.AddImage(OldImage);
        engine.AddImage(NewImage);
        engine.Tags["app:1"] = OldImage;
        engine.AddContainer("web", "app:1", new JsonObject { ["Env"] = new JsonArray("A=1") });
        return engine;
    }

    /// <summary>The state of an update of <paramref name="engine"/>'s web killed after RenamedAside: web is stopped and parked.</summary>
    private static async Task<UpdateState> PendingAsync(FakeDockerEngine engine)
    {
        var inspect = (await engine.InspectContainerAsync("web", default))!;
        var id = inspect["Id"]!.GetValue<string>();
        await engine.StopContainerAsync(id, null, null, default);
        await engine.RenameContainerAsync(id, "web-drydock-old", default);
        return new UpdateState
        {
            ContainerName = "web",
            OldContainerId = id,
            OldImageId = OldImage,
            ImageReference = "app:1",
            NewImageId = NewImage,
            OldInspect = inspect,
            WasRunning = true,
            Phase = UpdatePhase.RenamedAside,
            StartedAt = DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>Writes the record as an older version did: <c>&lt;root&gt;/updates/web.json</c>, no engine key.</summary>
    private async Task<string> WriteLegacyAsync(FakeDockerEngine engine)
    {
        var state = await PendingAsync(engine);
        var scratch = new UpdateStateStore(Path.Combine(_root, "scratch"), engine.Identity);
        scratch.Save(state);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(scratch.PendingPath("web")))!.AsObject();
        json.Remove("engineKey");
        var path = Path.Combine(_root, "updates", "web.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, json.ToJsonString());
        Directory.Delete(Path.Combine(_root, "scratch"), recursive: true);
        return path;
    }

    private sealed class RecordingProgress : IProgressSink
    {
        public List<string> Warnings { get; } = [];

        public void Report(string stage, string item, long done, long? total)
        {
        }

        public void Warn(string message) => Warnings.Add(message);
    }
}
