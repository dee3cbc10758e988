using System.Text.Json.Nodes;
using Drydock.IntegrationTests.Hosts;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// Drydock's image run as a CI job runs it, by dockerd: it scans an image in a real local registry (host network)
/// and a <c>docker:</c> target through the engine socket mounted into the container (docs/ci.md).
/// </summary>
[Collection(DockerdCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DrydockImageDockerdTests(DockerdFixture fixture)
{
    [IntegrationFact("dockerd", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo", "buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task Run_Dockerd_ScansRegistryImageAndMountedEngineImage()
    {
        // Given: the image loaded into dockerd, the test image in a registry of its own
        var server = fixture.Server!;
        var dir = await DrydockImage.EnsureBuiltAsync();
        await server.LoadAsync(DrydockImage.Archive(dir));
        using var registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        await registry.PushAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}", "drydock/app", "1");
        var socketGroup = (await ExternalProcess.RunAsync("stat", ["-c", "%g", server.Socket], TimeSpan.FromSeconds(10))).Trim();

        // When: a registry image, then an image of the engine whose socket is mounted
        var fromRegistry = await DrydockContainer.ScanAsync(server.Host, ["--network", "host"],
            $"{registry.Host}/drydock/app:1", "--insecure-registry", registry.Host);
        var fromEngine = await DrydockContainer.ScanAsync(server.Host,
            ["--network", "none", "-v", $"{server.Socket}:/var/run/docker.sock", "--group-add", socketGroup, "-e", "DOCKER_HOST=unix:///var/run/docker.sock"],
            "docker:" + DockerdFixture.ImageName);

        // Then
        DrydockContainer.AssertScannedTestImage(fromRegistry, $"{registry.Host}/drydock/app:1");
        DrydockContainer.AssertScannedTestImage(fromEngine, "docker:" + DockerdFixture.ImageName);
    }
}

/// <summary>
/// The same image run by the podman CLI (rootful, vfs storage of the test's own, runc and the ulimits of the podman
/// fixture's containers.conf, host network), scanning an image in the fixture's registry.
/// </summary>
[Collection(PodmanServiceCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DrydockImagePodmanTests(PodmanServiceFixture fixture) : IDisposable
{
    private readonly string _storage = TestRoot.NewRunDirectory("podman-cli");

    /// <summary>podman refuses a runroot longer than 50 characters, so it lives in a short folder of its own.</summary>
    private readonly string _runRoot = Directory.CreateTempSubdirectory("drydock-pc-").FullName;

    public void Dispose()
    {
        Directory.Delete(_runRoot, recursive: true);
        Directory.Delete(_storage, recursive: true);
    }

    [IntegrationFact("podman", "runc", "conmon", "docker", "docker-registry", "mmdebstrap", "umoci", "skopeo", "buildah", "dpkg-deb", "apt-get", "clang", "git")]
    public async Task Run_Podman_ScansRegistryImage()
    {
        // Given
        var dir = await DrydockImage.EnsureBuiltAsync();
        await PodmanAsync("load", "-q", "-i", DrydockImage.Archive(dir));
        await TestImages.EnsureBuiltAsync();
        var registry = fixture.Registry!;
        await registry.PushAsync($"oci:{TestImages.OciLayout}:{TestImages.Tag}", "drydock/self-scan", "1");

        // When
        var stdout = await PodmanAsync(["run", "--rm", "--network", "host", "docker.io/library/" + DrydockImage.Name,
            "image", $"{registry.Host}/drydock/self-scan:1", "--insecure-registry", registry.Host, .. DrydockContainer.ScanOptions]);

        // Then
        DrydockContainer.AssertScannedTestImage(JsonNode.Parse(stdout)!, $"{registry.Host}/drydock/self-scan:1");
    }

    private Task<string> PodmanAsync(params string[] args) =>
        ExternalProcess.RunAsync("podman", ["--root", Path.Combine(_storage, "root"), "--runroot", _runRoot, "--storage-driver", "vfs", .. args],
            TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["CONTAINERS_CONF"] = Path.Combine(fixture.Directory, "containers.conf") });
}

/// <summary><c>docker run</c> of Drydock's image against an engine, and what a scan of the test image must report.</summary>
internal static class DrydockContainer
{
    /// <summary>The controls only (no database in the container) as a JSON report on stdout.</summary>
    public static readonly string[] ScanOptions = ["--scanners", "controls", "--format", "json", "--quiet"];

    /// <summary>Runs <c>drydock image TARGET</c> with <see cref="ScanOptions"/> in a container; a non-zero exit throws with stderr.</summary>
    public static async Task<JsonNode> ScanAsync(string engineHost, string[] runOptions, string target, params string[] drydockOptions)
    {
        var stdout = await ExternalProcess.RunAsync("docker",
            ["-H", engineHost, "run", "--rm", .. runOptions, "docker.io/library/" + DrydockImage.Name,
             "image", target, .. ScanOptions, .. drydockOptions], TimeSpan.FromMinutes(3));
        return JsonNode.Parse(stdout)!;
    }

    /// <summary>The test image runs as 1000:1000 from Debian 12: CIS-4.1 passes and the target is the one asked for
    /// (the gate reports only: no --exit-code, so the container exited 0 whatever the other controls said).</summary>
    public static void AssertScannedTestImage(JsonNode report, string target)
    {
        Assert.Equal(target, report["image"]!["target"]!.GetValue<string>());
        Assert.Equal("debian", report["os"]!["family"]!.GetValue<string>());
        Assert.NotEmpty(report["packages"]!.AsArray());
        var user = report["controls"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == "CIS-4.1")!;
        Assert.Equal("pass", user["outcome"]!.GetValue<string>());
    }
}
