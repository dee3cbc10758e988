using System.Globalization;
using System.Text;

namespace Drydock.Images.Tar;

/// <summary>
/// Applies a PAX extended header ('x', POSIX.1-2001 pax "Extended Header Records": <c>"%d %s=%s\n"</c>, the length
/// counting the whole record) to the next entry. Only the keywords that change what a layer holds are read (path,
/// linkpath, size, uid, gid, mtime); a value past what the field can hold, or a malformed record, is an error.
/// </summary>
internal static class TarPaxRecords
{
    public static void Apply(byte[] data, string headerName, string source, TarOverrides overrides)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            if (data[pos] == 0) break; // NUL padding after the last record
            var space = Array.IndexOf(data, (byte)' ', pos);
            if (space < 0 || !int.TryParse(data.AsSpan(pos, space - pos), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space - pos + 1 || length > data.Length - pos || data[pos + length - 1] != (byte)'\n')
                throw Error(source, overrides.Path ?? headerName, $"malformed pax record at byte {pos}");
            var record = data.AsSpan(space + 1, pos + length - 1 - (space + 1));
            var eq = record.IndexOf((byte)'=');
            if (eq <= 0) throw Error(source, overrides.Path ?? headerName, $"malformed pax record at byte {pos}");
            Set(record[..eq], record[(eq + 1)..], source, overrides.Path ?? headerName, overrides);
            pos += length;
        }
    }

    // Keys are matched as bytes: most records (atime, ctime, SCHILY.*) are ignored, and a layer may hold millions.
    private static void Set(ReadOnlySpan<byte> keyBytes, ReadOnlySpan<byte> value, string source, string entry, TarOverrides o)
    {
        var key = keyBytes switch
        {
            _ when keyBytes.SequenceEqual("path"u8) => "path",
            _ when keyBytes.SequenceEqual("linkpath"u8) => "linkpath",
            _ when keyBytes.SequenceEqual("size"u8) => "size",
            _ when keyBytes.SequenceEqual("uid"u8) => "uid",
            _ when keyBytes.SequenceEqual("gid"u8) => "gid",
            _ when keyBytes.SequenceEqual("mtime"u8) => "mtime",
            _ => null,
        };
        switch (key)
        {
            case "path":
                o.Path = Name(value, key, source, entry);
                break;
            case "linkpath":
                o.LinkPath = Name(value, key, source, entry);
                break;
            case "size":
                o.Size = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                    ? size : throw OutOfRange(source, entry, key, value);
                break;
            case "uid":
                o.Uid = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                    ? uid : throw OutOfRange(source, entry, key, value);
                break;
            case "gid":
                o.Gid = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
                    ? gid : throw OutOfRange(source, entry, key, value);
                break;
            case "mtime":
                o.ModificationTime = Time(value) ?? throw OutOfRange(source, entry, key, value);
                break;
        }
    }

    private static string Name(ReadOnlySpan<byte> value, string key, string source, string entry) =>
        value.Length <= TarLimits.MaxNameBytes
            ? Encoding.UTF8.GetString(value)
            : throw Error(source, entry, $"pax {key} of {value.Length} bytes is over the {TarLimits.MaxNameBytes}-byte bound (PATH_MAX)");

    // Seconds since the epoch, optionally negative, with an optional decimal fraction.
    private static DateTimeOffset? Time(ReadOnlySpan<byte> value)
    {
        var dot = value.IndexOf((byte)'.');
        var whole = dot < 0 ? value : value[..dot];
        var fraction = dot < 0 ? [] : value[(dot + 1)..];
        if (!long.TryParse(whole, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < -62_135_596_800 or > 253_402_300_799)
            return null;
        long ticks = 0;
        for (var i = 0; i < fraction.Length; i++)
        {
            if (fraction[i] is < (byte)'0' or > (byte)'9') return null;
            if (i < 7) ticks = ticks * 10 + (fraction[i] - '0');
        }
        for (var i = fraction.Length; i < 7; i++) ticks *= 10;
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (whole.StartsWith("-"u8)) ticks = -ticks;
        return seconds == 253_402_300_799 && ticks > 0 ? null : time.AddTicks(seconds == -62_135_596_800 && ticks < 0 ? 0 : ticks);
    }

    private static DrydockException OutOfRange(string source, string entry, string key, ReadOnlySpan<byte> value) =>
        Error(source, entry, $"pax {key} '{TarHeaderParser.Shorten(Encoding.UTF8.GetString(value[..Math.Min(value.Length, 64)]))}' out of range");

    private static DrydockException Error(string source, string entry, string what) =>
        new($"{source}: entry '{TarHeaderParser.Shorten(entry)}': {what}");
}
