using System.Buffers.Binary;

namespace Drydock.Inventory.Rpm.Ndb;

/// <summary>
/// Reads header blobs from rpm's NDB backend <c>Packages.db</c> (SUSE; rpm lib/backend/ndb/rpmpkg.c), all
/// little-endian: a 32-byte file header (magic "RpmP", version 0, generation, slot page count, next package index),
/// then 16-byte slots up to slot-pages × 4096 (magic "Slot", package index, block offset, block count; index 0 =
/// free), each pointing at a blob of 16-byte blocks: magic "BlbS", package index, generation, length, the header
/// blob, then a tail. Slots and blobs that do not check out are reported and skipped.
/// </summary>
internal static class NdbPackagesReader
{
    private const uint HeaderMagic = 'R' | ('p' << 8) | ('m' << 16) | ((uint)'P' << 24);
    private const uint SlotMagic = 'S' | ('l' << 8) | ('o' << 16) | ((uint)'t' << 24);
    private const uint BlobMagic = 'B' | ('l' << 8) | ('b' << 16) | ((uint)'S' << 24);
    private const int PageSize = 4096, SlotSize = 16, BlockSize = 16, FileHeaderSize = 32, BlobHeaderSize = 16;

    /// <summary>
    /// The package blobs; bounded like <see cref="BerkeleyDb.BerkeleyHashReader.Read"/> (slots pointing at one blob cannot
    /// copy it without end), checking <paramref name="cancellationToken"/> every 4,096 slots.
    /// </summary>
    public static RpmBlobs Read(ReadOnlySpan<byte> db, CancellationToken cancellationToken = default)
    {
        if (db.Length < FileHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(db) != HeaderMagic)
            return new RpmBlobs([], ["not an rpm ndb database (magic 'RpmP' missing)"]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(db[4..]) != 0)
            return new RpmBlobs([], ["unsupported ndb version " + BinaryPrimitives.ReadUInt32LittleEndian(db[4..])]);
        var slotPages = BinaryPrimitives.ReadUInt32LittleEndian(db[12..]);
        var slotEnd = (int)Math.Min((long)slotPages * PageSize, db.Length);
        var blobs = new List<byte[]>();
        var problems = new RpmProblems();
        var budget = PackageDatabaseLimits.MaxBlobBytesPerFileByte * db.Length;
        for (var at = FileHeaderSize; at + SlotSize <= slotEnd; at += SlotSize)
        {
            if ((((at - FileHeaderSize) / SlotSize) & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            var slot = db.Slice(at, SlotSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(slot) != SlotMagic)
            {
                problems.Add($"slot at byte {at}: bad magic");
                continue;
            }
            var pkgIdx = BinaryPrimitives.ReadUInt32LittleEndian(slot[4..]);
            if (pkgIdx == 0) continue; // a free slot
            var blkOff = (long)BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]) * BlockSize;
            var blkLen = (long)BinaryPrimitives.ReadUInt32LittleEndian(slot[12..]) * BlockSize;
            if (blkOff + blkLen > db.Length || blkLen < BlobHeaderSize)
            {
                problems.Add($"package {pkgIdx}: blob outside the file");
                continue;
            }
            var blob = db.Slice((int)blkOff, (int)blkLen);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != BlobMagic || BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]) != pkgIdx
                || length > blkLen - BlobHeaderSize)
            {
                problems.Add($"package {pkgIdx}: bad blob header");
                continue;
            }
            if ((budget -= length) < 0)
            {
                problems.Stopped = $"package data past {PackageDatabaseLimits.MaxBlobBytesPerFileByte}× the file's size (slots share blobs): the rest is not read";
                break;
            }
            blobs.Add(blob.Slice(BlobHeaderSize, (int)length).ToArray());
        }
        return new RpmBlobs(blobs, problems.ToList());
    }
}
