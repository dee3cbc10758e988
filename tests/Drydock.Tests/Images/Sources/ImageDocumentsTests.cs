using System.Text;
using Drydock.Images.Sources;

namespace Drydock.Tests.Images.Sources;

/// <summary>Issue 18: manifest, index and config parses stop on the scan's cancellation.</summary>
public sealed class ImageDocumentsTests
{
    private static byte[] LargeIndex() =>
        Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"manifests\":[" + string.Join(',', Enumerable.Range(0, 20_000).Select(i =>
            $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{i:x64}\",\"size\":{i}}}")) + "]}");

    [Fact]
    public void Parse_TokenCancelled_ThrowsOperationCanceledInsteadOfParsing()
    {
        // Given
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        // When / Then
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ImageDocuments.Parse(LargeIndex(), SourceJsonContext.Default.ImageIndex, "index.json in test", cts.Token));
    }

    [Fact]
    public void Parse_TokenNotCancelled_ParsesTheWholeDocumentChunkByChunk()
    {
        // Given: an index of about 2 MB, read in many chunks

        // When
        var index = ImageDocuments.Parse(LargeIndex(), SourceJsonContext.Default.ImageIndex, "index.json in test", CancellationToken.None);

        // Then
        Assert.Equal(20_000, index.Manifests.Count);
        Assert.Equal($"sha256:{19_999:x64}", index.Manifests[^1].Digest);
    }

    [Fact]
    public void Read_CancelledBetweenChunks_NextReadThrows()
    {
        // Given: a reader over a document, its first chunk read
        using var cts = new CancellationTokenSource();
        using var reader = new CancellableMemoryReader(LargeIndex(), cts.Token);
        var buffer = new byte[16 * 1024];
        Assert.Equal(buffer.Length, reader.Read(buffer));

        // When
        cts.Cancel();

        // Then
        Assert.ThrowsAny<OperationCanceledException>(() => reader.Read(buffer));
    }

    [Fact]
    public void WarmUp_EveryDocumentItParses_IsValid()
    {
        // The warm-up thread swallows failures (the walk meets them again): a document it cannot parse would quietly
        // warm nothing, so each must parse here.
        var error = Record.Exception(ImageDocuments.WarmUp);

        Assert.Null(error);
    }
}
