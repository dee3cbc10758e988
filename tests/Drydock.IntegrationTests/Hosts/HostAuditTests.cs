using Drydock.Freshness;
using Drydock.Hosts;
using Drydock.Hosts.Audit;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// The audit against a real dockerd and a real docker-registry on 127.0.0.1: app:1 is pushed and a container created
/// from it, then a new build is pushed under the same tag. Images are one-file <c>docker import</c>s (fast on vfs).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostAuditTests
{
    [IntegrationFact("dockerd", "docker", "docker-registry")]
    public async Task Audit_NewBuildPushedUnderSameTag_ContainerStaleWithBothDigests()
    {
        // Given
        using var registry = await RegistryServer.StartAsync(RegistryMode.Plain);
        using var dockerd = await DockerdServer.StartAsync();
        var reference = $"{registry.Host}/demo/app:1";
        var env = new Dictionary<string, string> { ["DOCKER_HOST"] = dockerd.Host };
        var work = TestRoot.NewRunDirectory("host-audit");
        await ImportAndPushAsync(work, "one", reference, env);
        await Docker(env, "create", "--name", "svc", "-e", "A=1", "--label", "x=y", "--restart", "unless-stopped", reference);
        var oldId = (await Docker(env, "inspect", "-f", "{{.Image}}", "svc")).Trim();
        await ImportAndPushAsync(work, "two", reference, env);
        var newId = (await Docker(env, "inspect", "-f", "{{.Id}}", reference)).Trim();
        using var pool = new RegistryLookup.Pool(new RegistryClientOptions { InsecureRegistries = new HashSet<string> { registry.Host }, Credentials = null });
        var auditor = new HostAuditor(new FreshnessChecker(pool.For), new HostAuditOptions { Clock = TimeProvider.System });

        // When
        var report = await new MultiHostAudit(auditor, 4, TimeSpan.FromSeconds(30), NullProgressSink.Instance)
            .RunAsync([new HostEntry(dockerd.Host, null, true), new HostEntry("unix:///nonexistent/docker.sock", null, true)], DateTimeOffset.UtcNow, CancellationToken.None);

        // Then
        var svc = Assert.Single(report.Containers);
        Assert.True(svc.Stale);
        Assert.Equal(oldId, svc.ImageId);
        Assert.Equal(newId, svc.LatestImageId);
        Assert.NotNull(svc.ImageDigest);
        Assert.NotNull(svc.LatestDigest);
        Assert.NotEqual(svc.ImageDigest, svc.LatestDigest);
        Assert.True(svc.Dangling);
        Assert.Contains(svc.Verdicts, v => v.Id == "DRYDOCK-STALE" && v.Outcome == "fail");
        Assert.NotNull(report.Hosts.Single(h => h.Host == dockerd.Host).ApiVersion);
        Assert.NotNull(report.Hosts.Single(h => h.Host != dockerd.Host).Error);
        Directory.Delete(work, recursive: true);
    }

    private static async Task ImportAndPushAsync(string work, string content, string reference, Dictionary<string, string> env)
    {
        var root = Path.Combine(work, content);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "v"), content);
        var tar = root + ".tar";
        await ExternalProcess.RunAsync("tar", ["-C", root, "-cf", tar, "."], TimeSpan.FromSeconds(30));
        await Docker(env, "import", "-c", "CMD [\"/v\"]", tar, reference);
        await Docker(env, "push", "-q", reference);
    }

    private static Task<string> Docker(Dictionary<string, string> env, params string[] args) =>
        ExternalProcess.RunAsync("docker", args, TimeSpan.FromMinutes(2), env);
}
