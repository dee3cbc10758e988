using System.Text;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.FileSystem;

public sealed class FileVersionsTests
{
    [Fact]
    public async Task Versions_FileRewrittenByLayersAndAsked_EveryLayersContentBottomToTop()
    {
        // Given
        var image = new FakeImage()
            .Layer(new TarBuilder().File("db", "v0").File("other", "x"))
            .Layer(new TarBuilder().File("other", "y"))
            .Layer(new TarBuilder().File("db", "v2"))
            .Layer(new TarBuilder().File("db", "v3"));

        // When
        var view = await WalkAsync(image, new VersionsInterest("db", keepVersions: true));

        // Then
        Assert.Equal([(0, "v0"), (2, "v2"), (3, "v3")], Texts(view.Versions("db")));
        Assert.Equal("v3", new StreamReader(view.OpenRead("db")).ReadToEnd());
    }

    [Fact]
    public async Task Versions_NotAsked_OnlyTheVisibleContent()
    {
        // Given
        var image = new FakeImage().Layer(new TarBuilder().File("db", "v0")).Layer(new TarBuilder().File("db", "v1"));

        // When
        var view = await WalkAsync(image, new VersionsInterest("db", keepVersions: false));

        // Then
        Assert.Equal([(1, "v1")], Texts(view.Versions("db")));
        Assert.Empty(view.Versions("missing"));
    }

    [Fact]
    public async Task Versions_WhiteoutBetween_StartsAgainAfterIt()
    {
        // Given: deleted in layer 1, written again in layers 2 and 3
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/db", "v0"))
            .Layer(new TarBuilder().Whiteout("etc/db"))
            .Layer(new TarBuilder().File("etc/db", "v2"))
            .Layer(new TarBuilder().File("etc/db", "v3"));

        // When
        var view = await WalkAsync(image, new VersionsInterest("etc/db", keepVersions: true));

        // Then
        Assert.Equal([(2, "v2"), (3, "v3")], Texts(view.Versions("etc/db")));
    }

    [Fact]
    public async Task Versions_OpaqueDirectoryAndSymlinkedPath_StartAgainAndFollowTheLink()
    {
        // Given: layer 1 makes lib/ opaque; 'link' points at the file
        var image = new FakeImage()
            .Layer(new TarBuilder().File("lib/db", "v0").Symlink("link", "lib/db"))
            .Layer(new TarBuilder().Opaque("lib").File("lib/db", "v1"))
            .Layer(new TarBuilder().File("lib/db", "v2"));

        // When
        var view = await WalkAsync(image, new VersionsInterest("lib/db", keepVersions: true));

        // Then
        Assert.Equal([(1, "v1"), (2, "v2")], Texts(view.Versions("link")));
    }

    private static Task<FileSystemView> WalkAsync(FakeImage image, IFileInterest interest) =>
        LayerWalker.WalkAsync(image, [interest], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

    private static (int, string)[] Texts(IReadOnlyList<FileVersion> versions) =>
        [.. versions.Select(v => (v.LayerIndex, Encoding.UTF8.GetString(v.Content.Span)))];

    private sealed class VersionsInterest(string path, bool keepVersions) : IFileInterest
    {
        public bool Wants(string p, long size, int mode) => p == path;

        public bool WantsVersions(string p) => keepVersions && p == path;
    }
}
