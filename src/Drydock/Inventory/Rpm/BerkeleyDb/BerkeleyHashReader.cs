using System.Buffers.Binary;

namespace Drydock.Inventory.Rpm.BerkeleyDb;

/// <summary>
/// Reads the values of a Berkeley DB hash database (rpm's legacy <c>Packages</c>; layout from Berkeley DB's
/// dbinc/db_page.h). Page 0 is the metadata page: magic 0x061561 at byte 12 (its byte order is the database's
/// byte order, so both endiannesses are read), page size at 20, last page number at 32. Every page starts with a
/// 26-byte header (… next page at 16, entry count at 20, hf_offset at 22, type at 25). Hash pages (type 13, or 2
/// for unsorted) hold an index of item offsets, keys at even and values at odd positions; a value is either inline
/// (H_KEYDATA, 1) or on a chain of overflow pages (H_OFFPAGE, 3: page number and total length), each overflow page
/// (type 7) holding hf_offset bytes. rpm's values are header blobs; the 4-byte record under key 0 is not one.
/// </summary>
internal static class BerkeleyHashReader
{
    private const uint HashMagic = 0x061561;
    private const int PageHeaderSize = 26;
    private const byte PageHashUnsorted = 2, PageOverflow = 7, PageHash = 13, ItemKeyData = 1, ItemOffPage = 3;

    /// <summary>
    /// The package blobs. Bounded for a hostile file: the blobs copied out may total at most
    /// <see cref="PackageDatabaseLimits.MaxBlobBytesPerFileByte"/> times the file (items of an honest database never
    /// share overflow pages; a crafted one can point every item at one long chain), and problems are capped.
    /// <paramref name="cancellationToken"/> is checked on every page.
    /// </summary>
    public static RpmBlobs Read(ReadOnlySpan<byte> db, CancellationToken cancellationToken = default)
    {
        if (db.Length < 512) return new RpmBlobs([], ["not a Berkeley DB file (too short)"]);
        bool little;
        if (BinaryPrimitives.ReadUInt32LittleEndian(db[12..]) == HashMagic) little = true;
        else if (BinaryPrimitives.ReadUInt32BigEndian(db[12..]) == HashMagic) little = false;
        else return new RpmBlobs([], ["not a Berkeley DB hash database (magic 0x061561 missing)"]);
        var pageSize = (int)U32(db[20..], little);
        if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
            return new RpmBlobs([], [$"invalid page size {pageSize}"]);
        var pageCount = (int)Math.Min(U32(db[32..], little) + 1L, db.Length / pageSize);
        var blobs = new List<byte[]>();
        var problems = new RpmProblems();
        var budget = PackageDatabaseLimits.MaxBlobBytesPerFileByte * db.Length;
        for (var p = 1; p < pageCount; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (budget < 0) break;
            var page = db.Slice(p * pageSize, pageSize);
            if (page[25] is not (PageHash or PageHashUnsorted)) continue;
            var entries = U16(page[20..], little);
            if (PageHeaderSize + entries * 2 > pageSize)
            {
                problems.Add($"page {p}: entry count {entries} does not fit the page");
                continue;
            }
            for (var i = 1; i < entries; i += 2)
            {
                var offset = U16(page[(PageHeaderSize + i * 2)..], little);
                var end = U16(page[(PageHeaderSize + (i - 1) * 2)..], little);
                if (offset >= pageSize || end > pageSize || end <= offset)
                {
                    problems.Add($"page {p}: item {i} out of range");
                    continue;
                }
                var item = page[offset..end];
                if (item[0] == ItemKeyData)
                {
                    if (item.Length - 1 >= 8) blobs.Add(item[1..].ToArray());
                    budget -= item.Length;
                }
                else if (item[0] == ItemOffPage && item.Length >= 12)
                {
                    var total = U32(item[8..], little);
                    if ((budget -= total) < 0) break;
                    if (ReadOverflow(db, pageSize, pageCount, U32(item[4..], little), total, little, out var blob, out var error))
                        blobs.Add(blob);
                    else
                        problems.Add($"page {p}: item {i}: {error}");
                }
            }
        }
        if (budget < 0) problems.Stopped = $"package data past {PackageDatabaseLimits.MaxBlobBytesPerFileByte}× the file's size (items share pages): the rest is not read";
        return new RpmBlobs(blobs, problems.ToList());
    }

    private static bool ReadOverflow(ReadOnlySpan<byte> db, int pageSize, int pageCount, uint first, uint total, bool little,
        out byte[] blob, out string? error)
    {
        (blob, error) = ([], null);
        if (total > (long)pageCount * pageSize)
        {
            error = $"overflow length {total} larger than the file";
            return false;
        }
        var result = new byte[total];
        var written = 0;
        var pgno = first;
        for (var hops = 0; written < total; hops++)
        {
            if (pgno == 0 || pgno >= pageCount || hops >= pageCount)
            {
                error = $"overflow chain broken at page {pgno}";
                return false;
            }
            var page = db.Slice((int)pgno * pageSize, pageSize);
            var used = U16(page[22..], little);
            if (page[25] != PageOverflow || used > pageSize - PageHeaderSize || used > total - written)
            {
                error = $"overflow page {pgno} is not a valid overflow page";
                return false;
            }
            page.Slice(PageHeaderSize, used).CopyTo(result.AsSpan(written));
            written += used;
            if (used == 0) break;
            pgno = U32(page[16..], little);
        }
        if (written != total)
        {
            error = $"overflow chain ended after {written} of {total} bytes";
            return false;
        }
        blob = result;
        return true;
    }

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

    private static int U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
}
