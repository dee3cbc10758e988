using Drydock.Images.FileSystem;
using Drydock.Tests.Builders;
using static Drydock.Tests.Images.Layers.LayerTestKit;

namespace Drydock.Tests.Images.FileSystem;

public sealed class SymlinkResolutionTests
{
    private static Task<FileSystemView> ViewAsync() => WalkAsync(new FakeImage().Layer(new TarBuilder()
        .File("usr/lib/os-release", "ID=debian\n")
        .Symlink("etc/os-release", "../usr/lib/os-release")
        .Symlink("lib", "usr/lib")
        .Symlink("abs", "/usr/lib/os-release")
        .Symlink("up", "../../../../usr/lib")
        .Symlink("escape", "../../../../etc/shadow")
        .Symlink("loop1", "loop2")
        .Symlink("loop2", "loop1")
        .Symlink("self", "self")
        .Symlink("dangling", "nowhere")), "usr/lib/os-release");

    [Theory]
    [InlineData("etc/os-release", "usr/lib/os-release")]
    [InlineData("/etc/os-release", "usr/lib/os-release")]
    [InlineData("lib/os-release", "usr/lib/os-release")]
    [InlineData("abs", "usr/lib/os-release")]
    [InlineData("up/os-release", "usr/lib/os-release")]
    [InlineData("usr/lib", "usr/lib")]
    public async Task ResolvePath_LinksInsideRoot_FollowsThem(string path, string expected)
    {
        // Given
        var view = await ViewAsync();

        // When
        var resolved = view.ResolvePath(path);

        // Then
        Assert.Equal(expected, resolved);
        Assert.Equal(expected, view.Resolve(path)!.Path);
    }

    [Theory]
    [InlineData("loop1")]
    [InlineData("self")]
    [InlineData("dangling")]
    [InlineData("escape")]
    [InlineData("usr/lib/os-release/x")]
    public async Task Resolve_LoopsDanglingAndEscapes_ReturnsNull(string path)
    {
        // Given
        var view = await ViewAsync();

        // When
        var entry = view.Resolve(path);

        // Then: "escape" climbs to the root and stops there, so it finds etc/shadow of the image, which is absent
        Assert.Null(entry);
    }

    [Fact]
    public async Task OpenRead_ThroughSymlink_ReadsTargetContent()
    {
        // Given
        var view = await ViewAsync();

        // When
        var text = Read(view, "etc/os-release");

        // Then
        Assert.Equal("ID=debian\n", text);
        Assert.True(view.HasContent("lib/os-release"));
        Assert.Equal(FileKind.Symlink, view.Get("etc/os-release")!.Kind);
    }

    [Fact]
    public async Task Resolve_ChainOfFortyOneLinks_ReturnsNull()
    {
        // Given
        var tar = new TarBuilder().File("end", "e").Symlink("l0", "end");
        for (var i = 1; i <= 41; i++) tar.Symlink($"l{i}", $"l{i - 1}");
        var view = await WalkAsync(new FakeImage().Layer(tar));

        // When / Then
        Assert.Equal("end", view.ResolvePath("l39"));
        Assert.Null(view.Resolve("l41"));
    }
}
