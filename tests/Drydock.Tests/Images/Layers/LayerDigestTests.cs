using Drydock.Images;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Layers;

/// <summary>
/// Issue 17: the walk hashes an uncompressed layer once (its stored digest is its diff id, verified by the source), and
/// reads every stored blob to its end so that the source's digest check runs even when the decoder stops early.
/// </summary>
public sealed class LayerDigestTests
{
    [Fact]
    public async Task WalkAsync_UncompressedLayerTamperedInAFile_DigestMismatch()
    {
        // Given: a plain tar layer (stored digest = diff id); one byte of a file changed, the size kept
        var tar = new TarBuilder().File("etc/hostname", "box\n").File("etc/motd", "hello\n").Build();
        var tampered = (byte[])tar.Clone();
        tampered[tampered.AsSpan().IndexOf("hello"u8)] = (byte)'j';
        var image = new VerifyingImage(new FakeImage().Layer(tar), 0, tampered);

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => Walk(image));

        // Then: the source's check caught it, though the walk did not hash the tar a second time
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalkAsync_UncompressedLayer_DiffIdIsTheStoredDigest()
    {
        // Given
        var tar = new TarBuilder().File("etc/hostname", "box\n").Build();
        var image = new VerifyingImage(new FakeImage().Layer(tar));

        // When
        var view = await Walk(image);

        // Then
        Assert.Equal([Digest.Sha256(tar)], view.LayerDiffIds);
        Assert.NotNull(view.Get("etc/hostname"));
    }

    [Fact]
    public async Task WalkAsync_GzipLayerWithBytesAfterItsMember_WalkedAndDiffIdChecked()
    {
        // Given: padding after the gzip member (the decoder stops at the member's end)
        var tar = new TarBuilder().File("etc/hostname", "box\n").Build();
        var stored = TarBuilder.Gzip(tar).Concat(new byte[64]).ToArray();
        var image = new VerifyingImage(new FakeImage().Layer(tar, stored, LayerCompression.Gzip));

        // When
        var view = await Walk(image);

        // Then
        Assert.Equal([Digest.Sha256(tar)], view.LayerDiffIds);
        Assert.NotNull(view.Get("etc/hostname"));
    }

    [Fact]
    public async Task WalkAsync_GzipLayerTamperedAfterItsMember_DigestMismatch()
    {
        // Given: the padding after the gzip member changed; the decoded tar is the same
        var tar = new TarBuilder().File("etc/hostname", "box\n").Build();
        var stored = TarBuilder.Gzip(tar).Concat(new byte[64]).ToArray();
        var tampered = (byte[])stored.Clone();
        tampered[^1] = 0xff;
        var image = new VerifyingImage(new FakeImage().Layer(tar, stored, LayerCompression.Gzip), 0, tampered);

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => Walk(image));

        // Then: the blob was still read to its end and verified
        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
    }

    private static Task<FileSystemView> Walk(IImage image) =>
        LayerWalker.WalkAsync(image, [EveryEntry.Instance], LayerWalkOptions.Default, NullProgressSink.Instance, CancellationToken.None);

    /// <summary>
    /// A <see cref="FakeImage"/> whose layers are verified against their descriptors as the file sources do
    /// (<see cref="DigestVerifyingStream"/>); layer <paramref name="replaced"/> serves <paramref name="replacement"/>
    /// instead of the bytes its descriptor was made from.
    /// </summary>
    private sealed class VerifyingImage(FakeImage inner, int replaced = -1, byte[]? replacement = null) : ForwardingImage(inner)
    {
        public override async Task<Stream> OpenLayerAsync(int index, CancellationToken cancellationToken)
        {
            var stored = index == replaced ? new MemoryStream(replacement!, writable: false) : await Inner.OpenLayerAsync(index, cancellationToken);
            var descriptor = Layers[index].Descriptor;
            return new DigestVerifyingStream(stored, Digest.Parse(descriptor.Digest), descriptor.Size, $"layer {index}");
        }
    }
}
