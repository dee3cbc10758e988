using Drydock.Images.Layers;
using Drydock.Inventory;
using Drydock;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory;

/// <summary>Issue 18: a declared file over a read bound is a warning naming path and layer, never a silently smaller inventory.</summary>
public sealed class UnreadFilesTests
{
    [Fact]
    public async Task Build_StatusOverThePerFileReadBound_WarnsWithPathAndLayer()
    {
        // Given: a dpkg status padded past the per-file bound (1 KiB here, 64 MiB by default) in layer 1
        var status = "Package: openssl\nStatus: install ok installed\nVersion: 1.0-1\n\n" + new string('#', 2000) + "\n";
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=12\n"))
            .Layer(new TarBuilder().File("var/lib/dpkg/status", status));
        var options = LayerWalkOptions.Default with { MaxFileContentBytes = 1024 };
        var view = await LayerWalker.WalkAsync(image, [.. Analyzers.All], options, NullProgressSink.Instance, CancellationToken.None);

        // When
        var inventory = InventoryBuilder.Build(view, Analyzers.All, CancellationToken.None);

        // Then
        Assert.Empty(inventory.Packages);
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal(("var/lib/dpkg/status", (int?)1), (warning.Path, warning.LayerIndex));
        Assert.StartsWith($"not read: {status.Length} bytes, over the per-file or total read bound", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var/lib/dpkg/status", "ID=debian\nVERSION_ID=12\n", PackageDatabaseLimits.MaxDpkgFileBytes, "16 MiB")]
    [InlineData("lib/apk/db/installed", "ID=alpine\nVERSION_ID=3.20.0\n", PackageDatabaseLimits.MaxApkFileBytes, "16 MiB")]
    [InlineData("var/lib/rpm/rpmdb.sqlite", "ID=fedora\nVERSION_ID=40\n", PackageDatabaseLimits.MaxRpmFileBytes, "64 MiB")]
    public async Task Build_PackageDatabaseOverItsReadBound_NotHeldAndWarnsWithPathAndLayer(string path, string osRelease, long bound, string said)
    {
        // Given: a package database one byte over its analyzer's bound (the walk's own per-file bound raised above it)
        // in layer 1, starting like a real one
        var head = "Package: openssl\nStatus: install ok installed\nVersion: 1.0-1\nDescription: x\n";
        var database = new byte[bound + 1];
        System.Text.Encoding.ASCII.GetBytes(head).CopyTo(database, 0);
        database.AsSpan(head.Length).Fill((byte)' ');
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/os-release", osRelease))
            .Layer(new TarBuilder().File(path, database));
        var options = LayerWalkOptions.Default with { MaxFileContentBytes = 2 * bound };
        var view = await LayerWalker.WalkAsync(image, [.. Analyzers.All], options, NullProgressSink.Instance, CancellationToken.None);

        // When
        var inventory = InventoryBuilder.Build(view, Analyzers.All, CancellationToken.None);

        // Then: the walker did not keep it, and the inventory says so (a coverage gap), naming path and layer
        Assert.False(view.HasContent(path));
        Assert.Contains(view.Warnings, w => w.Contains($"over the {said} read bound of the analyzers that want it", StringComparison.Ordinal));
        Assert.Empty(inventory.Packages);
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal((path, (int?)1), (warning.Path, warning.LayerIndex));
        Assert.StartsWith($"not read: {database.Length} bytes, over the per-file or total read bound", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ExecutableOverTheBinaryReadBound_OneWarningWithPathAndLayer()
    {
        // Given: a 64 MiB + 1 executable where Go and Rust binaries live (skipped without a word on main)
        var fs = new MemoryFileSystem().AddFile("usr/local/bin/app", new byte[(64 << 20) + 1], layer: 3, mode: 0x1ED);

        // When
        var inventory = InventoryBuilder.Build(fs, Analyzers.All, CancellationToken.None);

        // Then: the Go and Rust analyzers say the same thing once
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal(("usr/local/bin/app", (int?)3), (warning.Path, warning.LayerIndex));
        Assert.Equal("executable of 67108865 bytes, over the 64 MiB read bound: not checked for Go or Rust build info", warning.Message);
    }
}
