using Drydock.Bases;
using Drydock.Cli;
using Drydock.Controls;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;
using Drydock.IntegrationTests.Registry;
using Drydock.Policy;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// <c>drydock base add --repository</c> against a real docker-registry (issue 15 item 5): every image tag of a base
/// repository is catalogued (signature tags passed over), and an app built on one of them, carrying no annotation,
/// is identified by its layer chain and passes CIS-4.2.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BaseRepositoryTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo", "openssl")]
    public async Task AddRepository_TwoTagsAndASignature_CataloguesBothAndIdentifiesTheAppsBase()
    {
        // Given: approved/debian:11 and :12, a cosign signature tag beside them, an app on :11 without annotation
        using var push = new RegistryPush(fixture.Server(RegistryMode.Plain).Host);
        var run = Guid.NewGuid().ToString("N")[..8];
        var repository = $"approved-{run}/debian";
        var elevenLayers = Layers("11");
        var eleven = await TestImagePush.PushAsync(push, repository, "11", elevenLayers);
        var twelve = await TestImagePush.PushAsync(push, repository, "12", Layers("12"));
        var keys = await SigningKeys.CreateAsync(TestRoot.Sub("keys", run), "base");
        var payload = SigningKeys.SimpleSigningPayload($"{push.Host}/{repository}", Digest.Parse(twelve.Digest));
        await SignatureRegistryTests.AttachCosignAsync(push, repository, twelve, payload, await keys.SignAsync(payload));
        await TestImagePush.PushAsync(push, $"apps-{run}/app", "1", [.. elevenLayers, TestImagePush.File("COPY app /app", "app/run.sh", "#!/bin/sh\n")]);
        var catalog = Path.Combine(TestRoot.Sub("catalogs"), run + ".json");

        // When
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DrydockCli.RunAsync(["base", "add", "--repository", $"{push.Host}/{repository}", "--catalog", catalog, "--insecure-registry", push.Host], stdout, stderr);

        // Then
        Assert.True(exit == 0, stderr.ToString());
        var entries = new BaseCatalog(catalog).Load();
        Assert.Equal([$"{push.Host}/{repository}:11", $"{push.Host}/{repository}:12"], entries.Select(e => e.Reference));
        Assert.Equal([eleven.Digest, twelve.Digest], entries.Select(e => e.Digest));
        Assert.All(entries, e => Assert.Equal(2, e.DiffIds.Count));
        var policy = new DrydockPolicy { TrustedBases = [new TrustedBase($"{push.Host}/approved-{run}/*", [])] };
        var results = await ControlPipeline.RunAsync($"{push.Host}/apps-{run}/app:1", RegistrySourceTests.Options(fixture.Server(RegistryMode.Plain), null), policy, entries);
        Assert.True(results["CIS-4.2"].Outcome == ControlOutcome.Pass, results["CIS-4.2"].Summary);
        Assert.Contains($"Base {push.Host}/{repository}:11@{eleven.Digest}, identified by its first 2 layer(s)", results["CIS-4.2"].Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task AddRepository_MaxTags_ReadsTheFirstTagsAndCountsTheRest()
    {
        // Given
        using var push = new RegistryPush(fixture.Server(RegistryMode.Plain).Host);
        var repository = $"approved-{Guid.NewGuid().ToString("N")[..8]}/alpine";
        foreach (var tag in new[] { "3.18", "3.19", "3.20" }) await TestImagePush.PushAsync(push, repository, tag, Layers(tag));
        var catalog = Path.Combine(TestRoot.Sub("catalogs"), Guid.NewGuid().ToString("N") + ".json");

        // When
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await DrydockCli.RunAsync(["base", "add", "--repository", $"{push.Host}/{repository}", "--max-tags", "2", "--catalog", catalog, "--insecure-registry", push.Host], stdout, stderr);

        // Then
        Assert.Equal(0, exit);
        Assert.Equal([$"{push.Host}/{repository}:3.18", $"{push.Host}/{repository}:3.19"], new BaseCatalog(catalog).Load().Select(e => e.Reference));
        Assert.Equal($"drydock: 1 more tag(s) of {push.Host}/{repository} not read (--max-tags 2)", stderr.ToString().Trim());
    }

    private static TestLayer[] Layers(string version) =>
    [
        TestImagePush.File("ADD rootfs.tar /", "etc/os-release", $"ID=debian\nVERSION_ID=\"{version}\"\n"),
        TestImagePush.File("RUN echo base > /etc/base", "etc/base", version),
    ];
}
