using System.Formats.Tar;
using System.IO.Compression;
using Drydock.Cli;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Vulnerabilities.Database;

/// <summary>Issue 18: `db import` takes only directories and regular files, bounds what it inflates, leaves nothing behind.</summary>
public sealed class BundleHostileTests
{
    private static async Task<(int Code, string Err)> ImportAsync(string bundle, string db)
    {
        var stderr = new StringWriter();
        var code = await DrydockCli.RunAsync(["db", "import", bundle, "--db", db], new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    private static string TarGz(string dir, params TarEntry[] entries)
    {
        var path = Path.Combine(dir, "bundle.tar.gz");
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var e in entries) tar.WriteEntry(e);
        return path;
    }

    private static string[] LeftOver(TestDatabase db) =>
        [.. Directory.EnumerateFileSystemEntries(db.Directory).Select(Path.GetFileName).Where(n => n is not ("bundle.tar.gz" or "bundle.zip" or "bundle.tar"))!];

    public static TheoryData<TarEntryType, string> Refused => new()
    {
        { TarEntryType.CharacterDevice, "CharacterDevice" },
        { TarEntryType.Fifo, "Fifo" },
        { TarEntryType.SymbolicLink, "SymbolicLink" },
        { TarEntryType.HardLink, "HardLink" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Import_TarWithANonRegularEntry_RefusedAtOnceNothingCreated(TarEntryType type, string name)
    {
        // Given: a feed folder, then (as /dev/zero is 1,5) an entry that is not a directory or regular file
        using var db = TestDatabase.Empty();
        var odd = new PaxTarEntry(type, "osv/odd");
        if (type == TarEntryType.CharacterDevice) (odd.DeviceMajor, odd.DeviceMinor) = (1, 5);
        if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink) odd.LinkName = "osv/a.json";
        var bundle = TarGz(db.Directory, new PaxTarEntry(TarEntryType.Directory, "osv/"),
            new PaxTarEntry(TarEntryType.RegularFile, "osv/a.json") { DataStream = new MemoryStream("{}"u8.ToArray()) }, odd);

        // When
        var (code, err) = await ImportAsync(bundle, db.Path);

        // Then
        Assert.Equal(3, code);
        Assert.Equal($"drydock: {bundle}: entry 'osv/odd' is a {name}; a bundle may hold only directories and regular files\n",
            err.ReplaceLineEndings("\n"));
        Assert.Empty(LeftOver(db));
    }

    [Fact]
    public async Task Import_TarWithBase256SizeOutOfRange_OneLineNamingBundleEntryAndFieldNothingLeft()
    {
        // Given: a plain tar bundle whose second entry's size is a base-256 value beyond Int64
        using var db = TestDatabase.Empty();
        var tar = new RawTarBuilder().Entry("osv/", '5').File("osv/a.json", "{}").Build();
        tar = RawTarBuilder.Patch(tar, 512, 124, RawTarBuilder.Base256(12, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
        var bundle = Path.Combine(db.Directory, "bundle.tar");
        await File.WriteAllBytesAsync(bundle, tar);

        // When
        var (code, err) = await ImportAsync(bundle, db.Path);

        // Then
        Assert.Equal(3, code);
        var line = Assert.Single(err.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"drydock: {bundle}: entry 'osv/a.json': size field out of range", line, StringComparison.Ordinal);
        Assert.Empty(LeftOver(db));
    }

    [Fact]
    public async Task Import_TarWithWrongHeaderChecksum_RefusedAsCorrupt()
    {
        // Given: one byte of a header's name changed after its checksum was computed
        using var db = TestDatabase.Empty();
        var tar = new RawTarBuilder().Entry("osv/", '5').File("osv/a.json", "{}").Build();
        tar[512 + 4] = (byte)'X';
        var bundle = Path.Combine(db.Directory, "bundle.tar");
        await File.WriteAllBytesAsync(bundle, tar);

        // When
        var (code, err) = await ImportAsync(bundle, db.Path);

        // Then
        Assert.Equal(3, code);
        Assert.Contains("checksum", err, StringComparison.Ordinal);
        Assert.Empty(LeftOver(db));
    }

    [Fact]
    public async Task Import_ZipBomb_StoppedWhileStreamingNothingLeft()
    {
        // Given: one JSON entry of 1 GiB of spaces, about 1 MB compressed (the 21 MB → 20 GiB kind)
        using var db = TestDatabase.Empty();
        var bundle = Path.Combine(db.Directory, "bundle.zip");
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Create))
        await using (var entry = zip.CreateEntry("osv/bomb.json", CompressionLevel.SmallestSize).Open())
        {
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 1024; i++) entry.Write(block);
        }

        // When
        var (code, err) = await ImportAsync(bundle, db.Path);

        // Then: stopped at the 64 MiB grace (50 × a 1 MB bundle is less), not after inflating a gigabyte
        Assert.Equal(3, code);
        Assert.Matches(@"^drydock: .*bundle\.zip: over 67108864 bytes uncompressed \(50× the bundle, at most 16 GiB\) at entry 'osv/bomb\.json'; refused as a decompression bomb\n$",
            err.ReplaceLineEndings("\n"));
        Assert.Empty(LeftOver(db));
    }

    [Fact]
    public async Task Import_ZipWithASymlinkEntry_Refused()
    {
        // Given: a zip made on unix whose entry is a symbolic link (st_mode 0120777)
        using var db = TestDatabase.Empty();
        var bundle = Path.Combine(db.Directory, "bundle.zip");
        using (var zip = ZipFile.Open(bundle, ZipArchiveMode.Create))
        {
            var link = zip.CreateEntry("osv/link.json");
            link.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var s = link.Open();
            s.Write("/etc/shadow"u8);
        }

        // When
        var (code, err) = await ImportAsync(bundle, db.Path);

        // Then
        Assert.Equal(3, code);
        Assert.Contains("entry 'osv/link.json' is a symbolic link; a bundle may hold only directories and regular files", err, StringComparison.Ordinal);
        Assert.Empty(LeftOver(db));
    }

    [Fact]
    public async Task Import_StaleImportDirectoryOfADeadProcess_Removed()
    {
        // Given: what a SIGKILLed import left (pid 2^22 + 1 is above Linux's pid_max, so no live process has it)
        using var db = TestDatabase.Empty();
        var stale = Directory.CreateDirectory(Path.Combine(db.Directory, ".import-4194305")).FullName;
        File.WriteAllText(Path.Combine(stale, "x.json"), "{}");
        var bundle = TarGz(db.Directory, new PaxTarEntry(TarEntryType.Fifo, "fifo"));

        // When
        await ImportAsync(bundle, db.Path);

        // Then
        Assert.False(Directory.Exists(stale));
    }
}
