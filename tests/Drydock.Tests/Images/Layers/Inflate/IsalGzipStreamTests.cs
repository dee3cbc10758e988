using Drydock.Testing;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Layers.Inflate;

/// <summary>ISA-L's path must give what .NET's GZipStream gives: the same bytes, or the same kind of error.</summary>
public sealed class IsalGzipStreamTests
{
    private static readonly byte[] Tar = BuildTar();
    private static readonly byte[] Member = TarBuilder.Gzip(Tar);

    public static TheoryData<string> RealLayers => new()
    {
        "notation/notation-go/internal/testdata/oci-layout/blobs/sha256/63b65145d645c1250c391b2d16ebe53b3747c295ca8ba2fcb6b0cf064a4dc21c",
        "trivy/pkg/fanal/test/testdata/alpine-311.tar.gz",
        "trivy/pkg/fanal/test/testdata/test.oci/blobs/sha256/cdd16bd695eda2819e7637648f573c2ca64896c4f7bff9732ac9db734ca3bc2c",
    };

    [IsalTheory(NeedsSharedData = true)]
    [MemberData(nameof(RealLayers))]
    public void Decode_RealLayer_SameBytesOnBothPaths(string layer)
    {
        // Given
        var gzip = File.ReadAllBytes(SharedTestData.Path(layer));

        // When
        var isal = InflatePaths.Decode(InflatePaths.Isal!, gzip);
        var managed = InflatePaths.Decode(InflatePaths.Managed, gzip);

        // Then
        Assert.True(managed.Length > 10_000, $"{layer} decoded to only {managed.Length} bytes");
        Assert.Equal(managed, isal);
    }

    public static TheoryData<string> Inputs => new()
    {
        "one member", "two members", "three members, one empty", "trailing zeros", "trailing garbage",
        "trailing 1f", "trailing 1f 8b", "trailing header only", "trailing 1f 8b junk",
        "flipped byte in the data", "bad crc", "bad size", "bad method", "reserved flag",
        "truncated at half", "truncated in the trailer", "no trailer", "header only", "magic only",
    };

    [IsalTheory]
    [MemberData(nameof(Inputs))]
    public void Decode_SameOutcomeOnBothPaths(string input)
    {
        // Given
        var gzip = Make(input);

        // When
        var isal = InflatePaths.Outcome(InflatePaths.Isal!, gzip);
        var managed = InflatePaths.Outcome(InflatePaths.Managed, gzip);

        // Then
        Assert.Equal(managed, isal);
    }

    [IsalTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Decode_SmallReads_SameBytes(int chunk)
    {
        // Given
        var gzip = Make("two members");

        // When
        var isal = InflatePaths.Decode(InflatePaths.Isal!, gzip, chunk);

        // Then
        Assert.Equal([.. Tar, .. Tar], isal);
    }

    [IsalFact]
    public void Decode_CorruptData_ThrowsInvalidDataWithTheReason()
    {
        // Given
        var gzip = Make("bad crc");

        // When
        var error = Assert.Throws<InvalidDataException>(() => InflatePaths.Decode(InflatePaths.Isal!, gzip));

        // Then
        Assert.Equal("corrupt gzip data: checksum mismatch", error.Message);
    }

    [IsalFact]
    public void Decode_ByteAtATimeSource_SameBytes()
    {
        // Given: a source that hands out one byte per read, so member ends and headers straddle refills
        var gzip = Make("three members, one empty");

        // When
        using var stream = Drydock.Images.Layers.Inflate.GzipInflate.Open(InflatePaths.Isal!, new OneByteStream(gzip));
        using var output = new MemoryStream();
        stream.CopyTo(output);

        // Then
        Assert.Equal([.. Tar, .. Tar], output.ToArray());
    }

    private static byte[] Make(string input)
    {
        var m = Member;
        byte[] Flip(int at, byte mask)
        {
            var copy = (byte[])m.Clone();
            copy[at] ^= mask;
            return copy;
        }
        return input switch
        {
            "one member" => m,
            "two members" => [.. m, .. m],
            "three members, one empty" => [.. m, .. TarBuilder.Gzip([]), .. m],
            "trailing zeros" => [.. m, 0, 0, 0, 0, 0, 0, 0, 0],
            "trailing garbage" => [.. m, 1, 2, 3],
            "trailing 1f" => [.. m, 0x1f],
            "trailing 1f 8b" => [.. m, 0x1f, 0x8b],
            "trailing header only" => [.. m, .. m[..10]],
            "trailing 1f 8b junk" => [.. m, 0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
            "flipped byte in the data" => Flip(m.Length / 2, 0xff),
            "bad crc" => Flip(m.Length - 6, 0xff),
            "bad size" => Flip(m.Length - 2, 0xff),
            "bad method" => Flip(2, 0x0f),
            "reserved flag" => Flip(3, 0xe0),
            "truncated at half" => m[..(m.Length / 2)],
            "truncated in the trailer" => m[..^4],
            "no trailer" => m[..^8],
            "header only" => m[..10],
            "magic only" => m[..2],
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
        };
    }

    private static byte[] BuildTar()
    {
        // Text that compresses well and binary that does not, so the data spans stored and Huffman-coded blocks.
        var random = new byte[300_000];
        new Random(17).NextBytes(random);
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Package: lib{i % 311}\nVersion: 1.{i}\n"));
        return new TarBuilder().File("etc/random.bin", random).File("var/lib/dpkg/status", text).Build();
    }

    private sealed class OneByteStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer.IsEmpty ? buffer : buffer[..1]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
