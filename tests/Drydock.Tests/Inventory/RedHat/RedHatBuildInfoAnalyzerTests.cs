using Drydock.Images.Layers;
using Drydock.Inventory;
using Drydock.Inventory.RedHat;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.RedHat;

public sealed class RedHatBuildInfoAnalyzerTests
{
    internal const string Rhel8OsRelease = "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.10\"\n";

    internal static string Manifest(int layerIndex, params string[] contentSets) =>
        $$"""{"metadata":{"icm_version":1,"icm_spec":"https://raw.githubusercontent.com/containerbuildsystem/atomic-reactor/master/atomic_reactor/schemas/content_manifest.json","image_layer_index":{{layerIndex}}},"content_sets":[{{string.Join(",", contentSets.Select(s => $"\"{s}\""))}}],"image_contents":[{"purl":"pkg:rpm/redhat/bash@4.4.20-5.el8?arch=x86_64"}]}""";

    [Fact]
    public async Task Build_ContentManifestInSecondLayer_BaseAndUserLayerRpmsGetItsContentSets()
    {
        // Given: Red Hat's base layer (no manifest), its second layer with the manifest, and a user's layer on top
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/os-release", Rhel8OsRelease).File("etc/redhat-release", "Red Hat Enterprise Linux release 8.10 (Ootpa)\n"))
            .Layer(new TarBuilder().File("root/buildinfo/content_manifests/ubi8-container-8.10-1020.json",
                Manifest(1, "rhel-8-for-x86_64-baseos-rpms", "rhel-8-for-x86_64-appstream-rpms")))
            .Layer(new TarBuilder().File("usr/bin/app", "#!/bin/sh\n"));
        var view = await LayerWalker.WalkAsync(image, Analyzers.FileInterests, LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);
        var rpms = new FakeRpmAnalyzer(("bash", "4.4.20-5.el8", 0), ("dnf", "4.7.0-20.el8", 1), ("httpd", "2.4.37-65.el8", 2));

        // When
        var inventory = InventoryBuilder.Build(view, [.. Analyzers.All, rpms], CancellationToken.None);

        // Then: layer 0 borrows layer 1's sets, layer 2 the nearest lower layer's
        Assert.Equal("redhat", inventory.Os.Family);
        Assert.Empty(inventory.Warnings);
        Assert.All(inventory.Packages, p => Assert.Equal(["rhel-8-for-x86_64-appstream-rpms", "rhel-8-for-x86_64-baseos-rpms"], p.BuildInfo!.ContentSets));
        Assert.Equal(3, inventory.Packages.Count);
    }

    [SharedDataFact]
    public void Build_RealRpmDatabaseInBaseLayer_EveryRpmGetsTheSecondLayersContentSets()
    {
        // Given: a real rpmdb.sqlite (go-rpmdb's Amazon Linux 2023 one: 102 packages) in the base layer of an image
        // that says it is RHEL 9, and Red Hat's manifest in layer 1
        var fs = new MemoryFileSystem()
            .AddFile("etc/os-release", "ID=\"rhel\"\nVERSION_ID=\"9.4\"\n")
            .AddFile("var/lib/rpm/rpmdb.sqlite", File.ReadAllBytes(SharedTestData.Path("go-rpmdb/pr42-cee58d9/pkg/testdata/amazonlinux2023-plain/rpmdb.sqlite")))
            .AddFile("root/buildinfo/content_manifests/ubi9-container-9.4-1123.json", Manifest(1, "rhel-9-for-x86_64-baseos-rpms"), layer: 1);

        // When: only what the registered analyzers declare is kept, as the layer walker does
        var inventory = InventoryBuilder.Build(fs.KeepingOnly(new DeclaredByAnalyzers()), Analyzers.All, CancellationToken.None);

        // Then
        Assert.Equal(102, inventory.Packages.Count);
        Assert.All(inventory.Packages, p => Assert.Equal((0, "rhel-9-for-x86_64-baseos-rpms"), (p.LayerIndex, Assert.Single(p.BuildInfo!.ContentSets))));
    }

    [Fact]
    public void Build_Ubi7Dockerfile_NvrAndArchFromLabels()
    {
        // Given: a UBI 7 build Dockerfile (continuation lines, both LABEL forms, an ENV used in a label)
        var fs = new MemoryFileSystem()
            .AddFile("etc/os-release", "ID=\"rhel\"\nVERSION_ID=\"7.7\"\n")
            .AddFile("root/buildinfo/Dockerfile-ubi7-container-7.7-140",
                "FROM sha256:0123\n# a comment\nENV container oci\nENV ARCH=x86_64\n" +
                "LABEL com.redhat.component=\"ubi7-container\" \\\n      name=\"ubi7\" \\\n      version=\"7.7\"\n" +
                "LABEL \"release\"=\"140\" architecture=\"${ARCH}\" summary='Universal Base Image 7'\n" +
                "LABEL description This image is the UBI 7\nCMD [\"/bin/bash\"]\n", layer: 1);

        // When
        var inventory = InventoryBuilder.Build(fs,
            [new RedHatBuildInfoAnalyzer(), new FakeRpmAnalyzer(("openssl-libs", "1:1.0.2k-19.el7", 0))], CancellationToken.None);

        // Then
        var build = Assert.Single(inventory.Packages).BuildInfo!;
        Assert.Equal(("ubi7-container-7.7-140", "x86_64"), (build.Nvr, build.Arch));
        Assert.Empty(build.ContentSets);
    }

    [Fact]
    public void Build_DamagedManifest_WarningWithPathAndLayerAndOtherLayersStillApply()
    {
        // Given: layer 1's manifest is good, layer 2's is cut off
        var fs = new MemoryFileSystem()
            .AddFile("etc/os-release", Rhel8OsRelease)
            .AddFile("root/buildinfo/content_manifests/ubi8-minimal.json", Manifest(1, "rhel-8-for-x86_64-baseos-rpms"), layer: 1)
            .AddFile("root/buildinfo/content_manifests/python39.json", "{\"metadata\":{\"icm_version\":1},\"content_sets\":[\"rhel-8-for", layer: 2);

        // When
        var inventory = InventoryBuilder.Build(fs, [new RedHatBuildInfoAnalyzer(), new FakeRpmAnalyzer(("bash", "4.4.20-5.el8", 0), ("python39", "3.9.19-1.el8", 2))], CancellationToken.None);

        // Then
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal(("root/buildinfo/content_manifests/python39.json", 2), (warning.Path, warning.LayerIndex));
        Assert.StartsWith("not a valid content manifest", warning.Message, StringComparison.Ordinal);
        Assert.True(inventory.Partial);
        Assert.All(inventory.Packages, p => Assert.Equal(["rhel-8-for-x86_64-baseos-rpms"], p.BuildInfo!.ContentSets));
    }

    [Theory]
    [InlineData("ID=debian\nVERSION_ID=\"12\"\n")]
    [InlineData("ID=\"rocky\"\nVERSION_ID=\"8.9\"\n")]
    public void Build_NotARedHatImage_NoBuildInfo(string osRelease)
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("etc/os-release", osRelease)
            .AddFile("root/buildinfo/content_manifests/x.json", Manifest(0, "rhel-8-for-x86_64-baseos-rpms"));

        // When
        var inventory = InventoryBuilder.Build(fs, [new RedHatBuildInfoAnalyzer(), new FakeRpmAnalyzer(("bash", "5.1-1", 0))], CancellationToken.None);

        // Then
        Assert.Null(Assert.Single(inventory.Packages).BuildInfo);
    }

    [Theory]
    [InlineData(new[] { 1 }, 0, 1)]
    [InlineData(new[] { 0 }, 0, 0)]
    [InlineData(new[] { 0 }, 3, null)]
    [InlineData(new[] { 1, 3 }, 5, 3)]
    [InlineData(new[] { 1, 3 }, 2, 1)]
    [InlineData(new[] { 2 }, 0, null)]
    public void ForLayer_TrivysRule_OwnElseLayerOneForBaseElseNearestLower(int[] layersWithInfo, int packageLayer, int? expected)
    {
        // Given
        var byLayer = layersWithInfo.ToDictionary(l => l, l => new RedHatBuildInfo { ContentSets = [$"set-{l}"] });

        // When
        var info = RedHatBuildInfoLayers.ForLayer(packageLayer, byLayer);

        // Then
        Assert.Equal(expected is { } e ? new[] { $"set-{e}" } : null, info?.ContentSets.ToArray());
    }

    [Theory]
    [InlineData("root/buildinfo/content_manifests/ubi8-container-8.10-1020.json", true)]
    [InlineData("root/buildinfo/Dockerfile-ubi7-container-7.7-140", true)]
    [InlineData("root/buildinfo/content_manifests/sub/x.json", false)]
    [InlineData("root/buildinfo/content_manifests/x.txt", false)]
    [InlineData("root/buildinfo/Dockerfile", false)]
    [InlineData("home/root/buildinfo/Dockerfile-x-1-2", false)]
    public void Wants_BuildInfoFiles_Only(string path, bool wanted) =>
        Assert.Equal(wanted, new RedHatBuildInfoAnalyzer().Wants(path, 1000, 0x1A4));

    private sealed class DeclaredByAnalyzers : Drydock.Images.FileSystem.IFileInterest
    {
        public bool Wants(string path, long size, int mode) => Analyzers.FileInterests.Any(i => i.Wants(path, size, mode));
    }
}
