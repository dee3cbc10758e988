using System.Text;
using Drydock.Images.FileSystem;

namespace Drydock.Tests.Builders;

public sealed class MemoryFileSystemTests
{
    private sealed class OnlyPath(string wanted) : IFileInterest
    {
        public bool Wants(string path, long size, int mode) => path == wanted;
    }

    [Fact]
    public void Resolve_RelativeSymlinkThroughSymlinkedDirectory_FindsFile()
    {
        // Given: etc/os-release -> ../usr/lib/os-release, and usr/lib -> lib64 (a directory link)
        var fs = new MemoryFileSystem()
            .AddFile("usr/lib64/os-release", "ID=debian\n", layer: 1)
            .AddSymlink("usr/lib", "lib64")
            .AddSymlink("etc/os-release", "../usr/lib/os-release");

        // When
        var entry = fs.Resolve("/etc/os-release");

        // Then
        Assert.NotNull(entry);
        Assert.Equal("usr/lib64/os-release", entry.Path);
        Assert.Equal(1, entry.LayerIndex);
        Assert.Equal(2, fs.LayerDiffIds.Count);
    }

    [Fact]
    public void Resolve_SymlinkLoop_ReturnsNull()
    {
        var fs = new MemoryFileSystem().AddSymlink("a", "b").AddSymlink("b", "/a");
        Assert.Null(fs.Resolve("a"));
    }

    [Fact]
    public void KeepingOnly_UndeclaredFile_ThrowsOnRead()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("etc/a", "a").AddFile("etc/b", "b").KeepingOnly(new OnlyPath("etc/a"));

        // When
        using var reader = new StreamReader(fs.OpenRead("etc/a"), Encoding.UTF8);

        // Then
        Assert.Equal("a", reader.ReadToEnd());
        Assert.False(fs.HasContent("etc/b"));
        Assert.Throws<InvalidOperationException>(() => fs.OpenRead("etc/b"));
        Assert.Equal(FileKind.Directory, fs.Get("etc")!.Kind);
    }
}
