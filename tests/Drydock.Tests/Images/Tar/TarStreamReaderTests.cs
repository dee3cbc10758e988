using System.Formats.Tar;
using System.Text;
using Drydock.Images.Tar;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Tar;

public sealed class TarStreamReaderTests
{
    private static List<TarHeader> ReadAll(byte[] tar, bool seekable = true)
    {
        var reader = new TarStreamReader(seekable ? new MemoryStream(tar) : new NonSeekable(tar), "layer 1 (sha256:ab) of test");
        var headers = new List<TarHeader>();
        while (reader.Next() is { } h) headers.Add(h);
        return headers;
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    public void Next_TarWriterOutput_ReadsNamesSizesModesAndLinks(TarEntryFormat format)
    {
        // Given
        var longName = string.Join('/', Enumerable.Repeat("long-directory-name", 12)) + "/file";
        var tar = new TarBuilder(format).Directory("etc/").File("etc/passwd", "root\n", mode: 0x9ed, uid: 7, gid: 8)
            .Symlink("link", "etc/passwd").File(longName, "x").Build();

        // When
        var headers = ReadAll(tar, seekable: false);

        // Then
        Assert.Equal(["etc/", "etc/passwd", "link", longName], headers.Select(h => h.Name));
        Assert.Equal(TarEntryType.Directory, headers[0].Type);
        Assert.Equal((5L, 0x9ed, 7, 8), (headers[1].Size, headers[1].Mode, headers[1].Uid, headers[1].Gid));
        Assert.Equal("etc/passwd", headers[2].LinkName);
    }

    [Fact]
    public void ReadExactly_FileData_ReturnsContentAndSkipsUnreadData()
    {
        // Given
        var tar = new TarBuilder().File("a", "first").File("b", "second").Build();
        var reader = new TarStreamReader(new NonSeekable(tar), "test");

        // When
        reader.Next();
        var b = reader.Next()!;
        var data = new byte[b.Size];
        reader.ReadExactly(data);

        // Then
        Assert.Equal("second", Encoding.UTF8.GetString(data));
        Assert.Null(reader.Next());
    }

    [Theory]
    [InlineData(124, 12, "size")]
    [InlineData(108, 8, "uid")]
    [InlineData(116, 8, "gid")]
    [InlineData(136, 12, "mtime")]
    [InlineData(329, 8, "devmajor")]
    [InlineData(337, 8, "devminor")]
    public void Next_Base256FieldOutOfRange_ThrowsNamingEntryAndField(int offset, int length, string field)
    {
        // Given: a base-256 value that does not fit what the field's consumer holds
        var value = length == 12
            ? RawTarBuilder.Base256(12, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
            : RawTarBuilder.Base256(8, 0x01, 0, 0, 0, 0);
        var tar = RawTarBuilder.Patch(new RawTarBuilder().Entry("dev/zero", '3').Build(), 0, offset, value);

        // When
        var e = Assert.Throws<DrydockException>(() => ReadAll(tar));

        // Then
        Assert.Equal($"layer 1 (sha256:ab) of test: entry 'dev/zero': {field} field out of range", e.Message[..e.Message.IndexOf(" (", 30, StringComparison.Ordinal)]);
    }

    [Fact]
    public void Next_Base256SizeInRange_Accepted()
    {
        // Given: GNU tar writes sizes of 8 GiB and more in base-256
        var tar = RawTarBuilder.Patch(new RawTarBuilder().File("a", "abc").Build(), 0, 124, RawTarBuilder.Base256(12, 3));

        // When
        var headers = ReadAll(tar);

        // Then
        Assert.Equal(3, headers.Single().Size);
    }

    [Theory]
    [InlineData("size", "99999999999999999999")]
    [InlineData("uid", "4294967296")]
    [InlineData("gid", "-1")]
    [InlineData("mtime", "999999999999999999999.5")]
    public void Next_PaxValueOutOfRange_ThrowsNamingEntryAndKey(string key, string value)
    {
        // Given
        var tar = new RawTarBuilder().Pax((key, value)).File("etc/passwd", "x").Build();

        // When
        var e = Assert.Throws<DrydockException>(() => ReadAll(tar));

        // Then
        Assert.StartsWith($"layer 1 (sha256:ab) of test: entry 'PaxHeaders/x': pax {key} '", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("' out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_PaxPathSizeAndTime_OverrideTheHeader()
    {
        // Given
        var tar = new RawTarBuilder().Pax(("path", "usr/share/ünïcode"), ("uid", "100000"), ("mtime", "1700000000.25"))
            .File("short", "x").Build();

        // When
        var header = ReadAll(tar).Single();

        // Then
        Assert.Equal(("usr/share/ünïcode", 100000), (header.Name, header.Uid));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250), header.ModificationTime);
    }

    [Fact]
    public void Next_WrongChecksum_ThrowsTruncatedOrCorrupt()
    {
        // Given: one byte of the name changed after the checksum was written
        var tar = new RawTarBuilder().File("etc/passwd", "x").Build();
        tar[0] = (byte)'E';

        // When
        var e = Assert.Throws<DrydockException>(() => ReadAll(tar));

        // Then
        Assert.StartsWith("layer 1 (sha256:ab) of test: entry 'Etc/passwd': header checksum mismatch at offset 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt tar", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Next_NameWithHighBytes_AcceptsTheUnsignedAndTheSignedSumOnly(int written, bool accepted)
    {
        // Given: a UTF-8 name (bytes over 0x7f) whose checksum is the unsigned byte sum, the signed one old tars wrote,
        // or the unsigned one plus one
        var tar = new RawTarBuilder().File("usr/share/ünïcödé/ß-€", "x").Build();
        long unsigned = 0, signed = 0;
        for (var i = 0; i < 512; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : tar[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        Assert.NotEqual(unsigned, signed);
        var sum = written switch { 0 => unsigned, 1 => signed, _ => unsigned + 1 };
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(tar, 148);

        // When
        var read = Record.Exception(() => ReadAll(tar));

        // Then
        if (accepted) Assert.Null(read);
        else Assert.Contains("header checksum mismatch", Assert.IsType<DrydockException>(read).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_LongNameRecordOverPathMax_ThrowsBeforeReadingIt()
    {
        // Given: a GNU long name of 100,000 bytes
        var tar = new RawTarBuilder().Entry("././@LongLink", 'L', Encoding.ASCII.GetBytes(new string('a', 100_000))).File("x", "").Build();

        // When
        var e = Assert.Throws<DrydockException>(() => ReadAll(tar));

        // Then
        Assert.Contains("GNU long name size 100000 is over the 4097-byte bound", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(700)]
    [InlineData(1030)]
    public void Next_StreamEndsInsideHeaderOrData_ThrowsTruncated(int length)
    {
        // Given
        var tar = new TarBuilder().File("a", new byte[1000]).Build()[..length];

        // When
        var e = Assert.Throws<DrydockException>(() =>
        {
            var reader = new TarStreamReader(new NonSeekable(tar), "test");
            while (reader.Next() is { } h) reader.ReadExactly(new byte[h.Size]);
        });

        // Then
        Assert.Contains("truncated or corrupt tar", e.Message, StringComparison.Ordinal);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
