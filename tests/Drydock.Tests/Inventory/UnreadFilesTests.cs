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

    [Fact]
    public async Task Build_DpkgStatusOverTheDpkgReadBound_NotHeldAndWarnsWithPathAndLayer()
    {
        // Given: a dpkg status of 16 MiB + 1 byte (under the walk's 64 MiB per-file bound, over dpkg's 16 MiB) in layer 1
        var head = "Package: openssl\nStatus: install ok installed\nVersion: 1.0-1\nDescription: x\n";
        var status = new byte[PackageDatabaseLimits.MaxDpkgFileBytes + 1];
        System.Text.Encoding.ASCII.GetBytes(head).CopyTo(status, 0);
        status.AsSpan(head.Length).Fill((byte)' ');
        var image = new FakeImage()
            .Layer(new TarBuilder().File("etc/os-release", "ID=debian\nVERSION_ID=12\n"))
            .Layer(new TarBuilder().File("var/lib/dpkg/status", status));
        var view = await LayerWalker.WalkAsync(image, [.. Analyzers.All], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

        // When
        var inventory = InventoryBuilder.Build(view, Analyzers.All, CancellationToken.None);

        // Then: the walker did not keep it, and the inventory says so (a coverage gap), naming path and layer
        Assert.False(view.HasContent("var/lib/dpkg/status"));
        Assert.Contains(view.Warnings, w => w.Contains("over the 16 MiB read bound of the analyzers that want it", StringComparison.Ordinal));
        Assert.Empty(inventory.Packages);
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal(("var/lib/dpkg/status", (int?)1), (warning.Path, warning.LayerIndex));
        Assert.StartsWith($"not read: {status.Length} bytes, over the per-file or total read bound", warning.Message, StringComparison.Ordinal);
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
