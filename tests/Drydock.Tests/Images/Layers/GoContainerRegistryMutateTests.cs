using Drydock.Images.FileSystem;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.Layers;

/// <summary>
/// The flattening cases of go-containerregistry's pkg/v1/mutate tests (mutate_test.go, TestExtract*): their
/// testdata images read through our walker must give the filesystem their Extract asserts.
/// </summary>
public sealed class GoContainerRegistryMutateTests
{
    private const string Dir = "go-containerregistry/pkg/v1/mutate/testdata/";

    [SharedDataFact]
    public async Task WalkAsync_WhiteoutImage_FooDeletedBarKept()
    {
        // Given: layer 0 has foo.txt and bar.txt, layer 1 whites out foo.txt, layer 2 is empty
        var image = DockerArchiveFixture.Load(SharedTestData.Path(Dir + "whiteout_image.tar"));

        // When
        var view = await WalkAsync(image, "bar.txt");

        // Then
        Assert.Equal(["bar.txt"], Paths(view));
        Assert.Equal(File.ReadAllText(SharedTestData.Path(Dir + "bar")), Read(view, "bar.txt"));
        Assert.Equal(3, view.LayerDiffIds.Count);
    }

    [SharedDataFact]
    public async Task WalkAsync_OverwrittenFile_FooBecomesSymlinkToBar()
    {
        // Given: layer 0 writes foo.txt, layer 1 writes bar.txt and replaces foo.txt by a symlink to it
        var image = DockerArchiveFixture.Load(SharedTestData.Path(Dir + "overwritten_file.tar"));

        // When
        var view = await WalkAsync(image, "bar.txt", "foo.txt");

        // Then
        Assert.Equal(["bar.txt", "foo.txt"], Paths(view));
        var foo = view.Get("foo.txt")!;
        Assert.Equal(FileKind.Symlink, foo.Kind);
        Assert.Equal("bar.txt", foo.LinkTarget);
        Assert.Equal(1, foo.LayerIndex);
        Assert.Equal("bar.txt", view.ResolvePath("foo.txt"));
        Assert.Equal(Read(view, "bar.txt"), Read(view, "foo.txt"));
    }

    [SharedDataFact]
    public async Task WalkAsync_WhiteoutDirectory_OldDirectoryContentsGone()
    {
        // Given: a/foo, then b/bar, then .wh.a, then a/baz (gzip layers)
        var image = DockerArchiveFixture.Load(SharedTestData.Path(Dir + "whiteout_dir.tar"));

        // When
        var view = await WalkAsync(image);

        // Then
        Assert.Equal(["a", "a/baz", "b", "b/bar"], Paths(view));
        Assert.Equal(3, view.Get("a/baz")!.LayerIndex);
        Assert.Equal(3, view.Get("a")!.LayerIndex);
    }
}
