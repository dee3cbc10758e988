using System.Buffers.Binary;
using System.Text;

namespace Drydock.Inventory.Rpm;

/// <summary>
/// Decodes an rpm header blob as the rpm database stores it (rpm lib/header.c, "header structure" in
/// rpm's doc/manual/format.md): big-endian <c>int32 il</c> (index entries), <c>int32 dl</c> (data bytes), then il
/// entries of <c>{int32 tag, type, offset, count}</c>, then the data store. Everything is bounds-checked: a blob
/// from a hostile image with an offset, count or length out of range is rejected with a message, never read past.
/// </summary>
internal static class RpmHeaderParser
{
    private const int TagName = 1000, TagVersion = 1001, TagRelease = 1002, TagEpoch = 1003, TagSize = 1009,
        TagVendor = 1011, TagLicense = 1014, TagArch = 1022, TagOldFilenames = 1027, TagSourceRpm = 1044,
        TagProvideName = 1047, TagRequireName = 1049, TagDirIndexes = 1116, TagBaseNames = 1117, TagDirNames = 1118,
        TagModularityLabel = 5096;

    private const int TypeInt32 = 4, TypeString = 6, TypeStringArray = 8, TypeI18nString = 9;

    /// <summary>rpm's own sanity limits (header.c: hdrchkTags / hdrchkData).</summary>
    private const int MaxEntries = 0xffff, MaxData = 256 * 1024 * 1024;

    public static RpmHeader? Parse(ReadOnlySpan<byte> blob, out string? error)
    {
        error = null;
        if (blob.Length < 8) return Fail("header blob shorter than 8 bytes", out error);
        var il = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dl = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (il < 1 || il > MaxEntries || dl < 0 || dl > MaxData || 8L + il * 16L + dl > blob.Length)
            return Fail($"header sizes out of range (entries {il}, data {dl}, blob {blob.Length})", out error);
        var index = blob.Slice(8, il * 16);
        var data = blob.Slice(8 + il * 16, dl);
        var entries = new Dictionary<int, (int Type, int Offset, int Count)>();
        for (var i = 0; i < il; i++)
        {
            var e = index.Slice(i * 16, 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(e);
            var type = BinaryPrimitives.ReadInt32BigEndian(e[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(e[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(e[12..]);
            if (offset < 0 || offset > dl || count < 0 || count > dl)
                return Fail($"tag {tag}: offset {offset} / count {count} outside the data store ({dl} bytes)", out error);
            entries.TryAdd(tag, (type, offset, count));
        }
        try
        {
            var name = String(data, entries, TagName);
            var version = String(data, entries, TagVersion);
            var release = String(data, entries, TagRelease);
            if (name is null || version is null || release is null) return Fail("header without NAME, VERSION or RELEASE", out error);
            return new RpmHeader
            {
                Name = name,
                Version = version,
                Release = release,
                Epoch = Int32s(data, entries, TagEpoch) is [var epoch, ..] ? epoch : null,
                Arch = String(data, entries, TagArch),
                SourceRpm = String(data, entries, TagSourceRpm),
                Vendor = String(data, entries, TagVendor),
                License = String(data, entries, TagLicense),
                Size = Int32s(data, entries, TagSize) is [var size, ..] ? (uint)size : null,
                ModularityLabel = String(data, entries, TagModularityLabel),
                Files = Files(data, entries),
                Provides = Strings(data, entries, TagProvideName),
                Requires = Strings(data, entries, TagRequireName),
            };
        }
        catch (InvalidDataException ex)
        {
            return Fail(ex.Message, out error);
        }
    }

    private static RpmHeader? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <summary>File paths: DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] (rpm ≥ 4.0), or OLDFILENAMES in older headers.</summary>
    private static string[] Files(ReadOnlySpan<byte> data, Dictionary<int, (int Type, int Offset, int Count)> entries)
    {
        var baseNames = Strings(data, entries, TagBaseNames);
        if (baseNames.Length == 0) return [.. Strings(data, entries, TagOldFilenames).Select(p => p.TrimStart('/'))];
        var dirNames = Strings(data, entries, TagDirNames);
        var dirIndexes = Int32s(data, entries, TagDirIndexes);
        if (dirIndexes.Length != baseNames.Length) throw new InvalidDataException("DIRINDEXES and BASENAMES differ in length");
        var files = new string[baseNames.Length];
        for (var i = 0; i < files.Length; i++)
        {
            if ((uint)dirIndexes[i] >= (uint)dirNames.Length) throw new InvalidDataException($"DIRINDEXES[{i}] out of range");
            files[i] = (dirNames[dirIndexes[i]] + baseNames[i]).TrimStart('/');
        }
        return files;
    }

    private static string? String(ReadOnlySpan<byte> data, Dictionary<int, (int Type, int Offset, int Count)> entries, int tag)
    {
        if (!entries.TryGetValue(tag, out var e)) return null;
        if (e.Type is not (TypeString or TypeI18nString or TypeStringArray)) throw new InvalidDataException($"tag {tag} is not a string");
        return ReadString(data, e.Offset, out _);
    }

    private static string[] Strings(ReadOnlySpan<byte> data, Dictionary<int, (int Type, int Offset, int Count)> entries, int tag)
    {
        if (!entries.TryGetValue(tag, out var e)) return [];
        if (e.Type is not (TypeStringArray or TypeString or TypeI18nString)) throw new InvalidDataException($"tag {tag} is not a string array");
        var result = new string[e.Type == TypeStringArray ? e.Count : 1];
        var offset = e.Offset;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ReadString(data, offset, out var next);
            offset = next;
        }
        return result;
    }

    private static int[] Int32s(ReadOnlySpan<byte> data, Dictionary<int, (int Type, int Offset, int Count)> entries, int tag)
    {
        if (!entries.TryGetValue(tag, out var e)) return [];
        if (e.Type != TypeInt32) throw new InvalidDataException($"tag {tag} is not INT32");
        if ((long)e.Offset + e.Count * 4L > data.Length) throw new InvalidDataException($"tag {tag}: INT32 array past the data store");
        var result = new int[e.Count];
        for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadInt32BigEndian(data[(e.Offset + i * 4)..]);
        return result;
    }

    /// <summary>A NUL-terminated UTF-8 string at <paramref name="offset"/>; <paramref name="next"/> is past its NUL.</summary>
    private static string ReadString(ReadOnlySpan<byte> data, int offset, out int next)
    {
        if (offset >= data.Length) throw new InvalidDataException("string offset past the data store");
        var end = data[offset..].IndexOf((byte)0);
        if (end < 0) throw new InvalidDataException("unterminated string in the data store");
        next = offset + end + 1;
        return Encoding.UTF8.GetString(data.Slice(offset, end));
    }
}
