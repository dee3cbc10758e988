using Drydock.Images.Layers.Inflate;
using Drydock.Testing;
using Drydock.Tests.Builders;
using ZstdSharp.Unsafe;

namespace Drydock.Tests.Images.Layers.Inflate;

/// <summary>libzstd's path must give what the managed ZstdSharp port gives: the same bytes, or the same kind of error.</summary>
public sealed class NativeZstdStreamTests
{
    private static readonly byte[] Tar = new TarBuilder()
        .File("etc/random.bin", RandomBytes(300_000))
        .File("var/lib/dpkg/status", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"Package: lib{i % 311}\nVersion: 1.{i}\n")))
        .Build();

    private static readonly byte[] Frame = Compress(Tar, checksum: true);

    public static TheoryData<string> RealFiles => new()
    {
        "claircore/rhel/vex/testdata/server/csaf_vex_2023-10-31.tar.zst",
    };

    [ZstdTheory(NeedsSharedData = true)]
    [MemberData(nameof(RealFiles))]
    public void Decode_RealFile_SameBytesOnBothPaths(string file)
    {
        // Given: an archive compressed by the zstd tool of the project that publishes it
        var zstd = File.ReadAllBytes(SharedTestData.Path(file));

        // When
        var native = ZstdPaths.Decode(ZstdPaths.Native!, zstd);
        var managed = ZstdPaths.Decode(ZstdPaths.Managed, zstd);

        // Then
        Assert.True(managed.Length > zstd.Length, $"{file} decoded to only {managed.Length} bytes");
        Assert.Equal(managed, native);
    }

    public static TheoryData<string> Inputs => new()
    {
        "one frame", "two frames", "frame without checksum", "skippable frame between", "empty input",
        "trailing zeros", "trailing garbage", "flipped byte in the data", "bad checksum", "truncated at half",
        "truncated in the checksum", "magic only",
    };

    [ZstdTheory]
    [MemberData(nameof(Inputs))]
    public void Decode_SameOutcomeOnBothPaths(string input)
    {
        // Given
        var zstd = Make(input);

        // When
        var native = ZstdPaths.Outcome(ZstdPaths.Native!, zstd);
        var managed = ZstdPaths.Outcome(ZstdPaths.Managed, zstd);

        // Then
        Assert.Equal(managed, native);
    }

    [ZstdTheory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Decode_SmallReads_SameBytes(int chunk)
    {
        // Given
        var zstd = Make("two frames");

        // When
        var native = ZstdPaths.Decode(ZstdPaths.Native!, zstd, chunk);

        // Then
        Assert.Equal([.. Tar, .. Tar], native);
    }

    [ZstdFact]
    public void Decode_BadChecksum_ThrowsInvalidDataWithTheReason()
    {
        // Given
        var zstd = Make("bad checksum");

        // When
        var error = Assert.Throws<InvalidDataException>(() => ZstdPaths.Decode(ZstdPaths.Native!, zstd));

        // Then
        Assert.Equal("corrupt zstd data: Restored data doesn't match checksum", error.Message);
    }

    [ZstdTheory]
    [InlineData("truncated at half")]
    [InlineData("flipped byte in the data")]
    [InlineData("one frame")]
    public void Decode_AfterALayerLeftItsContext_NextLayerSameBytes(string first)
    {
        // Given: one library whose kept context last decoded a frame that was cut short, corrupt or whole
        var choice = ZstdChoice.Resolve(null, ZstdLibrary.Candidates(AppContext.BaseDirectory));
        ZstdPaths.Outcome(choice, Make(first));

        // When
        var next = ZstdPaths.Decode(choice, Make("two frames"), chunk: 4096);

        // Then
        Assert.Equal([.. Tar, .. Tar], next);
    }

    [ZstdFact]
    public void Rent_AfterReturn_SameContextKeptOnlyOnce()
    {
        // Given: a library of its own (no other test rents from it)
        var library = ZstdChoice.Resolve(null, ZstdLibrary.Candidates(AppContext.BaseDirectory)).Library!;
        var first = library.Rent();
        var second = library.Rent();

        // When: both are returned, then two are rented again
        library.Return(first);
        library.Return(second);
        var again = library.Rent();
        var fresh = library.Rent();

        // Then: the first one back was kept (reset) and handed out again; the second was freed, so a new one is made
        Assert.Equal(first, again);
        Assert.NotEqual(IntPtr.Zero, fresh);
        Assert.NotEqual(first, fresh);
        library.Return(again);
        library.Return(fresh);
    }

    [Fact]
    public void Resolve_SettingManaged_ManagedEvenWhenLibzstdLoads()
    {
        // Given
        var candidates = ZstdLibrary.Candidates(AppContext.BaseDirectory);

        // When
        var choice = ZstdChoice.Resolve("managed", candidates);

        // Then
        Assert.Null(choice.Library);
        Assert.Equal("managed (ZstdSharp; DRYDOCK_INFLATE=managed)", choice.Description);
    }

    [Fact]
    public void Resolve_LibraryWithoutTheExports_FallsBackToManaged()
    {
        // Given: a library every Linux system has, which is not libzstd
        string[] candidates = ["libc.so.6"];

        // When
        var choice = ZstdChoice.Resolve(null, candidates);

        // Then
        Assert.Null(choice.Library);
        Assert.Equal("managed (ZstdSharp; libc.so.6 lacks the ZSTD_decompressStream exports)", choice.Description);
    }

    private static byte[] Make(string input)
    {
        var f = Frame;
        byte[] Flip(int at)
        {
            var copy = (byte[])f.Clone();
            copy[at] ^= 0xff;
            return copy;
        }
        // RFC 8878 3.1.2: a skippable frame is a magic 0x184D2A5? and a 4-byte little-endian size.
        byte[] skippable = [0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3];
        return input switch
        {
            "one frame" => f,
            "two frames" => [.. f, .. f],
            "frame without checksum" => Compress(Tar, checksum: false),
            "skippable frame between" => [.. f, .. skippable, .. f],
            "empty input" => [],
            "trailing zeros" => [.. f, 0, 0, 0, 0, 0, 0, 0, 0],
            "trailing garbage" => [.. f, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            "flipped byte in the data" => Flip(f.Length / 2),
            "bad checksum" => Flip(f.Length - 2),
            "truncated at half" => f[..(f.Length / 2)],
            "truncated in the checksum" => f[..^2],
            "magic only" => f[..4],
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
        };
    }

    private static byte[] Compress(byte[] data, bool checksum)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, checksum ? 1 : 0);
        return compressor.Wrap(data).ToArray();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(17).NextBytes(bytes);
        return bytes;
    }
}
