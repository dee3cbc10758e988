using Drydock.Images;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Layers;

public sealed class LayerDecompressorTests
{
    public static TheoryData<string, LayerCompression> Cases => new()
    {
        { "gzip", LayerCompression.None },
        { "zstd", LayerCompression.None },
        { "plain", LayerCompression.Gzip },
        { "gzip", LayerCompression.Gzip },
        { "zstd", LayerCompression.Zstd },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Open_AnyDeclaredCompression_MagicBytesDecide(string actual, LayerCompression declared)
    {
        // Given
        var tar = new TarBuilder().File("f", "content").Build();
        var stored = actual switch { "gzip" => TarBuilder.Gzip(tar), "zstd" => TarBuilder.Zstd(tar), _ => tar };

        // When
        using var stream = LayerDecompressor.Open(new MemoryStream(stored), declared, "layer 0");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        // Then
        Assert.Equal(tar, copy.ToArray());
    }

    [Fact]
    public void Open_DeclaredGzipButTooShort_Throws()
    {
        // Given
        var stored = new byte[] { 0x1f };

        // When
        var error = Assert.Throws<DrydockException>(() => LayerDecompressor.Open(new MemoryStream(stored), LayerCompression.Gzip, "layer 7"));

        // Then
        Assert.StartsWith("layer 7: ", error.Message, StringComparison.Ordinal);
    }
}
