using Drydock.Bases;
using Drydock.Cli;
using Drydock.Controls;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// CIS 4.2 against a real docker-registry: a base pushed to the registry and an app built on it (one more layer),
/// identified through the <c>drydock base add</c> catalogue (layer chain) or the OCI base-image annotation, and an app
/// built on a base the policy does not trust.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BaseImageRegistryTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task LayerChain_AppOnCataloguedTrustedBase_Cis42Passes()
    {
        // Given: the base is catalogued with the CLI, as a user would
        using var push = Push();
        var baseLayers = BaseLayers("trusted");
        var baseImage = await TestImagePush.PushAsync(push, "base/debian", "12", baseLayers);
        await TestImagePush.PushAsync(push, "apps/on-trusted", "1", [.. baseLayers, AppLayer()]);
        var catalog = await AddToCatalogAsync(NewCatalogPath(), push.Host, $"{push.Host}/base/debian:12");

        // When
        var results = await RunAsync(push, "apps/on-trusted", catalog.Load());

        // Then
        var entry = Assert.Single(catalog.Load());
        Assert.Equal(baseImage.Digest, entry.Digest);
        Assert.Equal(2, entry.DiffIds.Count);
        var result = results["CIS-4.2"];
        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Contains($"Base {push.Host}/base/debian:12@{baseImage.Digest}, identified by its first 2 layer(s)", result.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task OciAnnotation_NamesTrustedBase_Cis42Passes()
    {
        // Given: no catalogue; the builder annotated the app with its base (image-spec annotations.md)
        using var push = Push();
        var baseLayers = BaseLayers("annotated");
        var baseImage = await TestImagePush.PushAsync(push, "base/annotated", "12", baseLayers);
        var annotations = new Dictionary<string, string>
        {
            [BaseImageIdentifier.BaseNameKey] = $"{push.Host}/base/annotated:12",
            [BaseImageIdentifier.BaseDigestKey] = baseImage.Digest,
        };
        await TestImagePush.PushAsync(push, "apps/annotated", "1", [.. baseLayers, AppLayer()], annotations: annotations);

        // When
        var results = await RunAsync(push, "apps/annotated", []);

        // Then
        var result = results["CIS-4.2"];
        Assert.Equal(ControlOutcome.Pass, result.Outcome);
        Assert.Contains("from the org.opencontainers.image.base.name annotation", result.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task RegistryBaseResolver_AnnotatedBase_ResolvesItsDiffIdsAndLayerCount()
    {
        // Given
        using var push = Push();
        var baseLayers = BaseLayers("resolved");
        var baseImage = await TestImagePush.PushAsync(push, "base/resolved", "12", baseLayers);
        var annotations = new Dictionary<string, string> { [BaseImageIdentifier.BaseNameKey] = $"{push.Host}/base/resolved:12" };
        TestLayer[] appLayers = [.. baseLayers, AppLayer()];
        var options = RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null);

        // When
        var entry = await RegistryBaseResolver.ResolveAsync(annotations, null, options, new Drydock.Images.ImageOpenOptions(), TimeProvider.System, CancellationToken.None);
        var policy = new DrydockPolicy { TrustedBases = [new TrustedBase($"{push.Host}/base/*", [])] };
        var identified = BaseImageIdentifier.Identify(annotations, null, appLayers.Select(l => l.DiffId.ToString()).ToList(), [entry!], policy);

        // Then
        Assert.Equal(baseImage.Digest, entry!.Digest);
        Assert.Equal(baseLayers.Select(l => l.DiffId.ToString()), entry.DiffIds);
        Assert.Equal("oci-annotation", identified!.Method);
        Assert.Equal(2, identified.LayerCount);
        Assert.True(identified.Trusted);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task LayerChain_AppOnUntrustedBase_Cis42FailsNamingTheBase()
    {
        // Given: both bases catalogued; the app is built on the one outside the policy's trusted repositories
        using var push = Push();
        var trusted = BaseLayers("trusted-2");
        var untrusted = BaseLayers("untrusted");
        await TestImagePush.PushAsync(push, "base/debian", "12-b", trusted);
        await TestImagePush.PushAsync(push, "somebody/os", "1", untrusted);
        await TestImagePush.PushAsync(push, "apps/on-untrusted", "1", [.. untrusted, AppLayer()]);
        var path = NewCatalogPath();
        await AddToCatalogAsync(path, push.Host, $"{push.Host}/base/debian:12-b");
        var catalog = await AddToCatalogAsync(path, push.Host, $"{push.Host}/somebody/os:1");

        // When
        var results = await RunAsync(push, "apps/on-untrusted", catalog.Load());

        // Then
        var result = results["CIS-4.2"];
        Assert.Equal(ControlOutcome.Fail, result.Outcome);
        Assert.Contains($"Base {push.Host}/somebody/os:1@", result.Summary, StringComparison.Ordinal);
        Assert.Contains("is not trusted: matches no trusted base in the policy", result.Summary, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(result.Evidence).LayerIndex);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task UnknownBase_NoAnnotationNoCatalogue_Cis42Fails()
    {
        // Given
        using var push = Push();
        await TestImagePush.PushAsync(push, "apps/orphan", "1", [.. BaseLayers("orphan"), AppLayer()]);

        // When
        var results = await RunAsync(push, "apps/orphan", []);

        // Then
        Assert.Equal(ControlOutcome.Fail, results["CIS-4.2"].Outcome);
        Assert.StartsWith("The base image could not be identified", results["CIS-4.2"].Summary, StringComparison.Ordinal);
    }

    private RegistryPush Push() => new(fixture.Server(RegistryMode.Plain).Host);

    private static TestLayer[] BaseLayers(string flavour) =>
    [
        TestImagePush.File("ADD rootfs.tar /", "etc/os-release", $"ID=debian\nVERSION_ID=\"12\"\nNAME=\"{flavour}\"\n"),
        TestImagePush.File("RUN echo base > /etc/base", "etc/base", flavour),
    ];

    private static TestLayer AppLayer() => TestImagePush.File("COPY app /app", "app/run.sh", "#!/bin/sh\necho app\n");

    private static string NewCatalogPath() => Path.Combine(TestRoot.Sub("catalogs"), Guid.NewGuid().ToString("N") + ".json");

    /// <summary>Runs <c>drydock base add</c> in process into a catalogue file of this test.</summary>
    private static async Task<BaseCatalog> AddToCatalogAsync(string path, string host, string reference)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DrydockCli.RunAsync(["base", "add", reference, "--catalog", path, "--insecure-registry", host], stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        Assert.StartsWith($"added {reference}@sha256:", stdout.ToString(), StringComparison.Ordinal);
        return new BaseCatalog(path);
    }

    private Task<IReadOnlyDictionary<string, ControlResult>> RunAsync(RegistryPush push, string repository, IReadOnlyList<BaseCatalogEntry> catalog)
    {
        var policy = new DrydockPolicy { TrustedBases = [new TrustedBase($"{push.Host}/base/*", [])] };
        var options = RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null);
        return ControlPipeline.RunAsync($"{push.Host}/{repository}:1", options, policy, catalog);
    }
}
