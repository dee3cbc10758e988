using System.Text.Json;
using Drydock.Bases;
using Drydock.Cli;
using Drydock.Controls.Trust;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// <c>drydock image</c> against a real docker-registry: the tag is looked up while the image is read (DRYDOCK-FRESHNESS),
/// newer tags of the same line are named, a base that moved on makes CIS-4.4 say "rebuild", and --fail-stale gates.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ImageFreshnessCliTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_CurrentTagWithNewerPatchTag_FreshnessPassesAndNamesTheNewerTags()
    {
        // Given
        using var push = Push();
        var pushed = await TestImagePush.PushAsync(push, "fresh/web", "1.25.3", Layers("a"));
        await TestImagePush.PushAsync(push, "fresh/web", "1.25.4", Layers("b"));
        await TestImagePush.PushAsync(push, "fresh/web", "2.0.0", Layers("c"));

        // When
        var (exit, json, _) = await ScanAsync(push, "fresh/web:1.25.3");

        // Then
        Assert.Equal(0, exit);
        var freshness = json.GetProperty("freshness");
        Assert.False(freshness.GetProperty("stale").GetBoolean());
        Assert.Equal(pushed.Digest, freshness.GetProperty("latestDigest").GetString());
        Assert.Equal("1.25.4", freshness.GetProperty("newerTags").GetProperty("newestPatch").GetString());
        Assert.Equal("2.0.0", freshness.GetProperty("newerTags").GetProperty("newestMajor").GetString());
        var control = Control(json, "DRYDOCK-FRESHNESS");
        Assert.Equal("pass", control.GetProperty("outcome").GetString());
        Assert.Contains("newer tags: 1.25.4 (same minor), 2.0.0 (newest)", control.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_TagMovedToANewBuild_StaleAndFailsTheGateOnlyWithFailStale()
    {
        // Given: the scanned digest was app:1 yesterday; a new build was pushed under the same tag
        using var push = Push();
        var old = await TestImagePush.PushAsync(push, "fresh/app", "1", Layers("old"));
        var current = await TestImagePush.PushAsync(push, "fresh/app", "1", Layers("new"));

        // The test registry speaks plain HTTP: accepted for CIS-4.2 here, so that only freshness can move the gate.
        var policy = Path.Combine(Path.GetTempPath(), $"drydock-freshness-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(policy, "insecureRegistriesAllowed: [\"127.0.0.1\"]\n");
        try
        {
            // When
            var (lenient, json, _) = await ScanAsync(push, $"fresh/app:1@{old.Digest}", "--policy", policy, "--severity", "CRITICAL,HIGH", "--exit-code", "4");
            var (strict, strictJson, _) = await ScanAsync(push, $"fresh/app:1@{old.Digest}", "--policy", policy, "--severity", "CRITICAL,HIGH", "--exit-code", "4", "--fail-stale");

            // Then
            Assert.True(lenient == 0, json.GetProperty("gate").ToString());
            var freshness = json.GetProperty("freshness");
            Assert.True(freshness.GetProperty("stale").GetBoolean());
            Assert.Equal(current.Digest, freshness.GetProperty("latestDigest").GetString());
            Assert.NotEqual(json.GetProperty("image").GetProperty("id").GetString(), freshness.GetProperty("latestImageId").GetString());
            Assert.Equal("fail", Control(json, "DRYDOCK-FRESHNESS").GetProperty("outcome").GetString());
            Assert.Equal(4, strict);
            Assert.Contains(strictJson.GetProperty("gate").GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("DRYDOCK-FRESHNESS failed:", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_BaseTagMovedOn_Cis44SaysRebuild()
    {
        // Given: the app was built on base:12 (annotated); then base:12 was rebuilt with a new top layer
        using var push = Push();
        var baseLayers = Layers("base-v1");
        await TestImagePush.PushAsync(push, "fresh/base", "12", baseLayers);
        var annotations = new Dictionary<string, string> { [BaseImageIdentifier.BaseNameKey] = $"{push.Host}/fresh/base:12" };
        await TestImagePush.PushAsync(push, "fresh/on-base", "1", [.. baseLayers, TestImagePush.File("COPY app /app", "app/run.sh", "echo app\n")], annotations: annotations);
        var newBase = await TestImagePush.PushAsync(push, "fresh/base", "12", [baseLayers[0], TestImagePush.File("RUN apt-get upgrade", "etc/base", "v2")]);

        // When
        var (_, json, _) = await ScanAsync(push, "fresh/on-base:1");

        // Then
        var freshness = json.GetProperty("freshness");
        Assert.True(freshness.GetProperty("rebuildNeeded").GetBoolean());
        Assert.Equal(newBase.Digest, freshness.GetProperty("baseLatestDigest").GetString());
        var cis44 = Control(json, "CIS-4.4");
        Assert.Equal("fail", cis44.GetProperty("outcome").GetString());
        Assert.Contains($"the base image {push.Host}/fresh/base:12 moved on", cis44.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_AnnotatedBaseNotCatalogued_LookedUpToCountItsLayers()
    {
        // Given: no catalogue entry; the annotation names the base in the registry
        using var push = Push();
        var baseLayers = Layers("counted");
        await TestImagePush.PushAsync(push, "fresh/counted-base", "12", baseLayers);
        var annotations = new Dictionary<string, string> { [BaseImageIdentifier.BaseNameKey] = $"{push.Host}/fresh/counted-base:12" };
        await TestImagePush.PushAsync(push, "fresh/counted-app", "1", [.. baseLayers, TestImagePush.File("COPY app /app", "app/run.sh", "echo app\n")], annotations: annotations);

        // When
        var (_, json, _) = await ScanAsync(push, "fresh/counted-app:1");

        // Then
        var baseImage = json.GetProperty("image").GetProperty("baseImage");
        Assert.Equal("oci-annotation", baseImage.GetProperty("method").GetString());
        Assert.Equal(2, baseImage.GetProperty("layerCount").GetInt32());
        Assert.False(json.GetProperty("freshness").GetProperty("rebuildNeeded").GetBoolean());
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task Image_Offline_AsksNoRegistryAndSkipsWithTheReason()
    {
        // Given
        using var push = Push();
        await TestImagePush.PushAsync(push, "fresh/offline", "1", Layers("off"));

        // When
        var (exit, json, _) = await ScanAsync(push, "fresh/offline:1", "--offline");

        // Then
        Assert.Equal(0, exit);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("freshness").ValueKind);
        var control = Control(json, "DRYDOCK-FRESHNESS");
        Assert.Equal("skip", control.GetProperty("outcome").GetString());
        Assert.Contains("--offline", control.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    private RegistryPush Push() => new(fixture.Server(RegistryMode.Plain).Host);

    private static TestLayer[] Layers(string flavour) =>
    [
        TestImagePush.File("ADD rootfs.tar /", "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"),
        TestImagePush.File("RUN echo " + flavour, "etc/flavour", flavour),
    ];

    private static JsonElement Control(JsonElement report, string id) =>
        report.GetProperty("controls").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static async Task<(int Exit, JsonElement Json, string Stderr)> ScanAsync(RegistryPush push, string repositoryAndTag, params string[] extra)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["image", $"registry:{push.Host}/{repositoryAndTag}", "--insecure-registry", push.Host, "--scanners", "controls", "--no-cache", "--quiet", "--format", "json", .. extra];
        var exit = await DrydockCli.RunAsync(args, stdout, stderr);
        Assert.True(exit is 0 or 4, stderr.ToString());
        return (exit, JsonDocument.Parse(stdout.ToString()).RootElement.Clone(), stderr.ToString());
    }
}
