using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Images.Registry;

public sealed class BoundedContentTests
{
    [Fact]
    public async Task ReadAsync_DeclaredLengthOverLimit_RefusedBeforeReading()
    {
        // Given: a 100 MB "manifest" announced by Content-Length
        using var content = new StreamContent(new MemoryStream(new byte[16]));
        content.Headers.ContentLength = 100L * 1024 * 1024;

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() =>
            BoundedContent.ReadAsync(content, BoundedContent.ManifestLimit, () => "registry r: manifest app:1", CancellationToken.None));

        // Then
        Assert.Equal("registry r: manifest app:1 is 100 MiB, over the 4 MiB limit", error.Message);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredLengthOverLimit_StopsAtLimit()
    {
        // Given: no Content-Length (chunked), 5 MiB of body
        using var content = new StreamContent(new NonSeekableStream(new byte[5 * 1024 * 1024]));

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() =>
            BoundedContent.ReadAsync(content, BoundedContent.ManifestLimit, () => "manifest", CancellationToken.None));

        // Then
        Assert.Equal("manifest is over the 4 MiB limit", error.Message);
    }

    [Fact]
    public async Task ReadAsync_SmallBody_AllBytes()
    {
        // Given
        using var content = new ByteArrayContent([1, 2, 3]);

        // When
        var bytes = await BoundedContent.ReadAsync(content, 10, () => "x", CancellationToken.None);

        // Then
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
