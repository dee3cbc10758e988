using System.Text.Json.Nodes;
using Drydock.Freshness;
using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Hosts.Update;
using Drydock.Images;
using Drydock.Testing;
using Drydock.Tests.Builders;
using Drydock.Tests.Freshness;

namespace Drydock.Tests.Hosts;

/// <summary>
/// Freshness and update decisions on an engine with the containerd image store, whose image id is the pulled index's
/// digest (the Engine API answers in ContainerdStore/, handwritten from the API reference; see its README).
/// </summary>
public sealed class ContainerdStoreIdentityTests : IDisposable
{
    private const string Reference = "127.0.0.1:5000/demo/app:1";
    private readonly FakeRegistryLookup _registry = new();
    private readonly FakeDockerEngine _engine = new();
    private readonly string _stateDir = Directory.CreateTempSubdirectory("drydock-containerd-").FullName;
    private readonly Digest _index;
    private readonly Digest _amd64;
    private readonly Digest _arm64;

    public ContainerdStoreIdentityTests()
    {
        (_amd64, _) = _registry.AddImage("amd64", ["sha256:aa"]);
        (_arm64, _) = _registry.AddImage("arm64", ["sha256:a1"]);
        _index = _registry.AddIndex(("amd64", _amd64), ("arm64", _arm64));
        _registry.Tag("demo/app:1", _index);
    }

    [Fact]
    public async Task Audit_TagStillNamesThePulledIndex_Current()
    {
        // Given: the engine's id is the index digest, not a config digest
        Load(withManifestDescriptor: true);

        // When
        var svc = Assert.Single((await Auditor().AuditAsync(_engine, "1.48", default)).Containers);

        // Then
        Assert.Equal(_index.ToString(), svc.ImageId);
        Assert.False(svc.Stale);
        Assert.Contains(svc.Verdicts, v => v.Id == "DRYDOCK-STALE" && v.Outcome == "pass");
    }

    [Fact]
    public async Task Audit_OnlyAnotherArchitectureRebuilt_CurrentByThePlatformManifest()
    {
        // Given: a new index whose amd64 manifest is the one in use
        Load(withManifestDescriptor: true);
        var (arm64v2, _) = _registry.AddImage("arm64", ["sha256:a2"]);
        _registry.Tag("demo/app:1", _registry.AddIndex(("amd64", _amd64), ("arm64", arm64v2)));

        // When
        var svc = Assert.Single((await Auditor().AuditAsync(_engine, "1.48", default)).Containers);

        // Then
        Assert.False(svc.Stale);
    }

    [Fact]
    public async Task Audit_OnlyAnotherArchitectureRebuiltAndNoManifestDescriptor_CurrentByThePulledIndexsPlatformImage()
    {
        // Given: an engine older than API 1.48 (no ImageManifestDescriptor): only the old index digest is known
        Load(withManifestDescriptor: false);
        var (arm64v2, _) = _registry.AddImage("arm64", ["sha256:a2"]);
        _registry.Tag("demo/app:1", _registry.AddIndex(("amd64", _amd64), ("arm64", arm64v2)));

        // When
        var svc = Assert.Single((await Auditor().AuditAsync(_engine, "1.47", default)).Containers);

        // Then
        Assert.False(svc.Stale);
    }

    [Fact]
    public async Task AuditAndPlan_PlatformImageRebuilt_StaleAndUpdateTargetsTheIdTheEngineWillGiveThePull()
    {
        // Given
        Load(withManifestDescriptor: true);
        var (amd64v2, newConfig) = _registry.AddImage("amd64", ["sha256:aa", "sha256:bb"]);
        var newIndex = _registry.AddIndex(("amd64", amd64v2), ("arm64", _arm64));
        _registry.Tag("demo/app:1", newIndex);
        var updater = new HostUpdater(_engine, new UpdateStateStore(_stateDir, _engine.Identity), new UpdateOptions());

        // When
        var svc = Assert.Single((await Auditor().AuditAsync(_engine, "1.48", default)).Containers);
        var plan = Assert.Single(await updater.PlanAsync(new ContainerSelector(["web"], [], false),
            updater.RegistryResolver(new FreshnessChecker(_ => _registry), null), default));

        // Then: the audit compares config digests; the plan names the index digest, the containerd store's id after the pull
        Assert.True(svc.Stale);
        Assert.Equal(newConfig, svc.LatestImageId);
        Assert.Equal(newIndex.ToString(), plan.NewImageId);
    }

    [Fact]
    public async Task Plan_TagStillNamesThePulledIndex_Current()
    {
        // Given
        Load(withManifestDescriptor: true);
        var updater = new HostUpdater(_engine, new UpdateStateStore(_stateDir, _engine.Identity), new UpdateOptions());

        // When
        var plan = Assert.Single(await updater.PlanAsync(new ContainerSelector(["web"], [], false),
            updater.RegistryResolver(new FreshnessChecker(_ => _registry), null), default));

        // Then
        Assert.Null(plan.NewImageId);
        Assert.Equal("current", plan.Reason);
    }

    [Fact]
    public void Identity_ClassicStoreInspect_IdIsTheConfigDigest()
    {
        // Given: the classic store's answer: Id = config digest, RepoDigests name the manifest
        var inspect = new JsonObject { ["Id"] = "sha256:c0", ["RepoDigests"] = new JsonArray("r/app@sha256:m0") };

        // When
        var identity = EngineImageIdentity.Of(inspect, "sha256:c0");

        // Then
        Assert.Equal("sha256:c0", identity.ConfigDigest);
        Assert.Equal(["sha256:m0"], identity.ManifestDigests);
        Assert.False(identity.IdIsManifest);
    }

    private HostAuditor Auditor() => new(new FreshnessChecker(_ => _registry), new HostAuditOptions { Clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)) });

    private void Load(bool withManifestDescriptor)
    {
        var image = Read("image-inspect.json");
        _engine.Images[_index.ToString()] = image;
        _engine.Tags[Reference] = _index.ToString();
        var container = Read("container-inspect.json");
        if (!withManifestDescriptor) container.Remove("ImageManifestDescriptor");
        _engine.Containers[container["Id"]!.GetValue<string>()] = container;
        var listed = JsonNode.Parse(Fill(File.ReadAllText(Path.Combine(Folder, "images-list.json"))))!.AsArray();
        Assert.Equal(image["Id"]!.GetValue<string>(), listed[0]!["Id"]!.GetValue<string>());
    }

    private static string Folder => Path.Combine(SharedTestData.RepositoryRoot, "tests", "Drydock.Tests", "Hosts", "ContainerdStore");

    private JsonObject Read(string file) => JsonNode.Parse(Fill(File.ReadAllText(Path.Combine(Folder, file))))!.AsObject();

    private string Fill(string text) => text.Replace("{{INDEX}}", _index.ToString(), StringComparison.Ordinal).Replace("{{MANIFEST}}", _amd64.ToString(), StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);
}
