using System.Buffers.Binary;
using Drydock.Inventory;
using Drydock.Inventory.Rpm;
using Drydock.Inventory.Rpm.BerkeleyDb;
using Drydock.Inventory.Rpm.Ndb;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Rpm;

/// <summary>
/// Issue 18: the Berkeley DB and ndb rpm readers are bounded by the file they read and stop when the scan is cancelled.
/// The files are crafted here, byte by byte, after the layouts the readers document.
/// </summary>
public sealed class RpmHostileReadersTests
{
    private static readonly OsInfo Rhel = new() { Family = "redhat", Version = "8.8" };

    [Fact]
    public void BerkeleyHashRead_EveryItemPointsAtOneLongOverflowChain_StopsAtTwiceTheFile()
    {
        // Given: 20 hash pages of 118 items each, all naming one 200-page overflow chain (2,360 × 97 KB if copied)
        var db = BerkeleyWithSharedChain(hashPages: 20, chainPages: 200);

        // When
        var blobs = BerkeleyHashReader.Read(db);

        // Then
        Assert.True(blobs.Blobs.Sum(b => (long)b.Length) <= 2L * db.Length, $"{blobs.Blobs.Count} blobs copied");
        Assert.Equal("package data past 2× the file's size (items share pages): the rest is not read", blobs.Problems[^1]);
    }

    [Fact]
    public void NdbRead_EverySlotPointsAtOneBlob_StopsAtTwiceTheFile()
    {
        // Given: 254 slots naming one blob of 1 MiB
        var db = NdbWithSharedBlob(1 << 20);

        // When
        var blobs = NdbPackagesReader.Read(db);

        // Then
        Assert.True(blobs.Blobs.Sum(b => (long)b.Length) <= 2L * db.Length, $"{blobs.Blobs.Count} blobs copied");
        Assert.Equal("package data past 2× the file's size (slots share blobs): the rest is not read", blobs.Problems[^1]);
    }

    [Theory]
    [InlineData("bdb")]
    [InlineData("ndb")]
    public void Analyze_ScanCancelled_StopsInsideTheReader(string format)
    {
        // Given
        var (analyzer, path, bytes) = format == "bdb"
            ? (RpmDatabaseAnalyzer.BerkeleyDb, "var/lib/rpm/Packages", BerkeleyWithSharedChain(2, 2))
            : (RpmDatabaseAnalyzer.Ndb, "usr/lib/sysimage/rpm/Packages.db", NdbWithSharedBlob(4096));
        var fs = new MemoryFileSystem().AddFile(path, bytes, layer: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // When / Then: the token was ignored by both readers before
        Assert.ThrowsAny<OperationCanceledException>(() => analyzer.Analyze(new AnalysisContext(fs, Rhel, cancelled.Token)));
    }

    [Fact]
    public void BerkeleyHashRead_MillionsOfDamagedItems_ProblemsCapped()
    {
        // Given: 300 hash pages whose 236 items are all out of range
        const int pageSize = 512;
        var db = new byte[301 * pageSize];
        Meta(db, pageSize, lastPage: 300);
        for (var p = 1; p <= 300; p++)
        {
            var page = db.AsSpan(p * pageSize, pageSize);
            page[25] = 13;
            BinaryPrimitives.WriteUInt16LittleEndian(page[20..], 236);
            for (var i = 0; i < 236; i++) BinaryPrimitives.WriteUInt16LittleEndian(page[(26 + i * 2)..], 600);
        }

        // When
        var blobs = BerkeleyHashReader.Read(db);

        // Then: 100 lines and one that counts the rest (35,400 warnings before)
        Assert.Equal(101, blobs.Problems.Count);
        Assert.Equal("… and 35300 more problems of the same file", blobs.Problems[^1]);
    }

    // Berkeley DB hash file (db_page.h): page 0 is the metadata page (magic at 12, page size at 20, last page at 32); a
    // hash page has its type at 25, its entry count at 20 and the item offsets from 26; an off-page item is
    // {type 3, pad, first page, total length}; an overflow page has its type at 25, the bytes used at 22, the next page at 16.
    private static byte[] BerkeleyWithSharedChain(int hashPages, int chainPages)
    {
        const int pageSize = 512, used = pageSize - 26, itemAt = pageSize - 12, entries = 236;
        var first = 1 + hashPages;
        var db = new byte[(first + chainPages) * pageSize];
        Meta(db, pageSize, lastPage: first + chainPages - 1);
        for (var p = 1; p <= hashPages; p++)
        {
            var page = db.AsSpan(p * pageSize, pageSize);
            page[25] = 13;
            BinaryPrimitives.WriteUInt16LittleEndian(page[20..], entries);
            for (var i = 0; i < entries; i++) BinaryPrimitives.WriteUInt16LittleEndian(page[(26 + i * 2)..], (ushort)(i % 2 == 0 ? pageSize : itemAt));
            page[itemAt] = 3;
            BinaryPrimitives.WriteUInt32LittleEndian(page[(itemAt + 4)..], (uint)first);
            BinaryPrimitives.WriteUInt32LittleEndian(page[(itemAt + 8)..], (uint)(chainPages * used));
        }
        for (var c = 0; c < chainPages; c++)
        {
            var page = db.AsSpan((first + c) * pageSize, pageSize);
            page[25] = 7;
            BinaryPrimitives.WriteUInt16LittleEndian(page[22..], used);
            BinaryPrimitives.WriteUInt32LittleEndian(page[16..], c == chainPages - 1 ? 0u : (uint)(first + c + 1));
        }
        return db;
    }

    private static void Meta(byte[] db, int pageSize, int lastPage)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(12), 0x061561);
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(20), (uint)pageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(32), (uint)lastPage);
    }

    // rpm ndb (lib/backend/ndb/rpmpkg.c): "RpmP", version 0, slot pages at 12; 16-byte slots from byte 32 ("Slot", package
    // index, block offset and length in 16-byte blocks); a blob is "BlbS", package index, generation, length, data.
    private static byte[] NdbWithSharedBlob(int blobLength)
    {
        const int pageSize = 4096, blobAt = pageSize;
        var db = new byte[blobAt + 16 + blobLength];
        "RpmP"u8.CopyTo(db);
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(12), 1);
        for (var at = 32; at + 16 <= pageSize; at += 16)
        {
            "Slot"u8.CopyTo(db.AsSpan(at));
            BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(at + 4), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(at + 8), blobAt / 16);
            BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(at + 12), (uint)((16 + blobLength) / 16));
        }
        "BlbS"u8.CopyTo(db.AsSpan(blobAt));
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(blobAt + 4), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(db.AsSpan(blobAt + 12), (uint)blobLength);
        return db;
    }
}
