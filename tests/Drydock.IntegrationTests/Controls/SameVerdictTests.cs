using System.Text.Json;
using Drydock.IntegrationTests.Hosts;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Issue 15's "Done when": `drydock image` of the same image gives the same CIS-4.2/4.5/4.12 verdicts whether it is read
/// from the registry, a `docker save` archive, an OCI layout or the engine that pulled it. Each source is scanned by the
/// real CLI process with the same policy and `--signature-repository` (docs/signatures.md, "Same verdicts wherever the
/// image is", says what differs by design: where a signature was found, the stored blob digest of a layer).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SameVerdictTests(SameVerdictFixture fixture) : IClassFixture<SameVerdictFixture>
{
    private static readonly string[] Controls = ["CIS-4.2", "CIS-4.5", "CIS-4.12"];

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "openssl", "dockerd", "docker")]
    public async Task Image_ApprovedBaseSignedByRequiredKey_PassesAllThreeFromEverySource()
    {
        // When
        var verdicts = await ScanEverySourceAsync("good");

        // Then: every source passes the three controls, naming the same base found by base discovery
        foreach (var (source, controls) in verdicts)
        {
            Assert.True(controls["CIS-4.2"].Outcome == "pass", $"{source}: CIS-4.2 {controls["CIS-4.2"].Summary}");
            Assert.StartsWith($"Base {fixture.Registry.Host}/approved/debian:12@{fixture.BaseManifest.Digest}, identified by its first 2 layer(s)",
                controls["CIS-4.2"].Summary, StringComparison.Ordinal);
            Assert.True(controls["CIS-4.5"].Outcome == "pass", $"{source}: CIS-4.5 {controls["CIS-4.5"].Summary}");
            Assert.Contains("by release.pub.pem, found at ", controls["CIS-4.5"].Summary, StringComparison.Ordinal);
            Assert.True(controls["CIS-4.12"].Outcome == "pass", $"{source}: CIS-4.12 {controls["CIS-4.12"].Summary}");
        }
        AssertSameOutcomes(verdicts);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "openssl", "dockerd", "docker")]
    public async Task Image_UnapprovedBaseSignedByAnotherKey_FailsAllThreeFromEverySource()
    {
        // When
        var verdicts = await ScanEverySourceAsync("bad");

        // Then: every source fails the three, and names the same layer (index and diff id) where the image leaves the trusted base
        foreach (var (source, controls) in verdicts)
        {
            Assert.True(controls["CIS-4.2"].Outcome == "fail", $"{source}: CIS-4.2 {controls["CIS-4.2"].Summary}");
            Assert.Contains(controls["CIS-4.2"].Evidence, e => e.StartsWith($"layer 1 (diff id {fixture.EvilLayer.DiffId}, blob sha256:", StringComparison.Ordinal)
                && e.EndsWith($"is where the image leaves every trusted base: the first 1 layer(s) match trusted base {fixture.Registry.Host}/approved/debian:12@{fixture.BaseManifest.Digest}, the longest common prefix of 1 trusted base image(s)", StringComparison.Ordinal));
            Assert.True(controls["CIS-4.5"].Outcome == "fail", $"{source}: CIS-4.5 {controls["CIS-4.5"].Summary}");
            Assert.Equal("No signature verifies with a required key for this repository.", controls["CIS-4.5"].Summary);
            Assert.True(controls["CIS-4.12"].Outcome == "fail", $"{source}: CIS-4.12 {controls["CIS-4.12"].Summary}");
            Assert.Equal("1 of 1 signature(s) do not validate.", controls["CIS-4.12"].Summary);
        }
        AssertSameOutcomes(verdicts);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo", "openssl", "dockerd", "docker")]
    public async Task Image_PulledOverPlainHttp_RegistryAndEngineTargetsFailCis42OnTheChannel()
    {
        // Given: the engine pulled the approved-base image from the plain-HTTP staging registry, declared insecure to Drydock
        var reference = $"{fixture.StagingHost}/team/good:1";
        await fixture.PullAsync(reference);

        // When
        var verdicts = new Dictionary<string, IReadOnlyDictionary<string, ControlVerdict>>();
        foreach (var target in new[] { "registry:" + reference, "docker:" + reference })
            verdicts[target] = await ScanAsync(target, "--insecure-registry", fixture.StagingHost);

        // Then: both say how the registry the image came from answers (the engine's RepoDigest names it)
        Assert.Equal("fail", verdicts["registry:" + reference]["CIS-4.2"].Outcome);
        Assert.Equal($"Not downloaded over a secure channel: the image was read over plain HTTP (no TLS) from {fixture.StagingHost}.", verdicts["registry:" + reference]["CIS-4.2"].Summary);
        Assert.Equal("fail", verdicts["docker:" + reference]["CIS-4.2"].Outcome);
        Assert.Equal($"Not downloaded over a secure channel: the image (as its engine pulled it) was read over plain HTTP (no TLS) from {fixture.StagingHost}.", verdicts["docker:" + reference]["CIS-4.2"].Summary);
    }

    /// <summary>The verdicts of the three controls per source (registry, docker-archive, oci, docker).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, ControlVerdict>>> ScanEverySourceAsync(string image)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, ControlVerdict>>();
        foreach (var (source, target) in fixture.Targets(image))
        {
            result[source] = await ScanAsync(target);
        }
        Assert.Equal(["docker", "docker-archive", "oci", "registry"], result.Keys.Order(StringComparer.Ordinal));
        return result;
    }

    /// <summary>`drydock image` of one target with the fixture's policy and signature repository: the three controls' verdicts.</summary>
    private async Task<IReadOnlyDictionary<string, ControlVerdict>> ScanAsync(string target, params string[] extra)
    {
        var run = await DrydockProcess.RunAsync(fixture.ScanEnvironment(), ["image", target, "--scanners", "controls", "--no-cache", "--format", "json",
            "--policy", fixture.Policy, "--signature-repository", fixture.SignatureRepository, .. extra]);
        Assert.True(run.ExitCode is 0 or 1, $"{target}: drydock exited {run.ExitCode}: {run.Stderr}");
        using var report = JsonDocument.Parse(run.Stdout);
        return report.RootElement.GetProperty("controls").EnumerateArray()
            .Where(c => Controls.Contains(c.GetProperty("id").GetString()))
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => new ControlVerdict(c.GetProperty("outcome").GetString()!, c.GetProperty("summary").GetString()!,
                c.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList()));
    }

    private static void AssertSameOutcomes(IReadOnlyDictionary<string, IReadOnlyDictionary<string, ControlVerdict>> verdicts)
    {
        var registry = verdicts["registry"];
        foreach (var (source, controls) in verdicts)
        {
            foreach (var id in Controls) Assert.True(registry[id].Outcome == controls[id].Outcome, $"{id}: registry {registry[id].Outcome}, {source} {controls[id].Outcome}");
        }
    }
}
