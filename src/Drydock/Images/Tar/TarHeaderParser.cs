using System.Formats.Tar;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;

namespace Drydock.Images.Tar;

/// <summary>
/// Parses one 512-byte tar header block (POSIX ustar layout; GNU's "ustar  " magic without the prefix field; v7).
/// Numeric fields are octal text or, with the high bit of their first byte set, GNU base-256 binary; each is bounded to
/// what its consumer holds (uid/gid/devices: Int32; size: Int64; mtime: what <see cref="DateTimeOffset"/> can
/// represent). The checksum (the unsigned, or historically signed, byte sum with the checksum field read as spaces)
/// must match.
/// </summary>
internal static class TarHeaderParser
{
    private const long MinUnixSeconds = -62_135_596_800; // 0001-01-01
    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31

    public static TarHeader Parse(ReadOnlySpan<byte> h, long offset, string source, TarOverrides overrides)
    {
        var ustar = h[257..263].SequenceEqual("ustar\0"u8);
        var gnu = h[257..265].SequenceEqual("ustar  \0"u8);
        var type = (TarEntryType)h[156];
        var meta = type is TarEntryType.ExtendedAttributes or TarEntryType.GlobalExtendedAttributes
            or TarEntryType.LongPath or TarEntryType.LongLink;
        // One header, overrides applied, is all that is made per entry: a layer may hold millions (issue 18). A name a
        // pax or GNU record replaced is decoded only where it decides the type (a v7 directory's trailing '/').
        var overridden = !meta ? overrides.Path : null;
        var name = overridden ?? HeaderName(h, ustar);
        var field = new FieldReader(source, name);
        CheckSum(h, offset, field);
        if (type == TarEntryType.V7RegularFile && (overridden is null ? name : HeaderName(h, ustar)).EndsWith('/'))
            type = TarEntryType.Directory; // v7 had no type for directories
        var mode = (int)field.Number(h[100..108], "mode", 0, int.MaxValue) & 0xFFF;
        var uid = (int)field.Number(h[108..116], "uid", 0, int.MaxValue);
        var gid = (int)field.Number(h[116..124], "gid", 0, int.MaxValue);
        var size = field.Number(h[124..136], "size", 0, long.MaxValue);
        var mtime = DateTimeOffset.FromUnixTimeSeconds(field.Number(h[136..148], "mtime", MinUnixSeconds, MaxUnixSeconds));
        var major = ustar || gnu ? (int)field.Number(h[329..337], "devmajor", 0, int.MaxValue) : 0;
        var minor = ustar || gnu ? (int)field.Number(h[337..345], "devminor", 0, int.MaxValue) : 0;
        var apply = !meta;
        return new TarHeader
        {
            Name = name,
            Type = type,
            LinkName = (apply ? overrides.LinkPath : null) ?? Text(h[157..257]),
            Mode = mode,
            Uid = (apply ? overrides.Uid : null) ?? uid,
            Gid = (apply ? overrides.Gid : null) ?? gid,
            Size = (apply ? overrides.Size : null) ?? size,
            ModificationTime = (apply ? overrides.ModificationTime : null) ?? mtime,
            DeviceMajor = major,
            DeviceMinor = minor,
            DataOffset = offset + 512,
        };
    }

    private static string HeaderName(ReadOnlySpan<byte> h, bool ustar)
    {
        var name = Text(h[..100]);
        return ustar && Text(h[345..500]) is { Length: > 0 } prefix ? prefix + "/" + name : name;
    }

    /// <summary>A name as error messages show it: hostile names can be 4 KiB long.</summary>
    public static string Shorten(string name)
    {
        var shown = name.Length <= 120 ? name : $"{name[..100]}… ({name.Length} characters)";
        return shown.Any(char.IsControl)
            ? string.Concat(shown.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()))
            : shown;
    }

    private static void CheckSum(ReadOnlySpan<byte> h, long offset, FieldReader field)
    {
        var stored = field.Number(h[148..156], "checksum", 0, int.MaxValue);
        // The checksum field counts as eight spaces. The signed sum differs from the unsigned one by 256 for every byte
        // with its top bit set. Summed 16 bytes at a time: this runs for every entry of every layer.
        var (sum, high) = Sums(h);
        var (fieldSum, fieldHigh) = Sums(h[148..156]);
        long unsigned = sum - fieldSum + 8 * ' ';
        var signed = unsigned - 256L * (high - fieldHigh);
        if (stored != unsigned && stored != signed)
            throw field.Error($"header checksum mismatch at offset {offset} (stored {stored}, computed {unsigned}): truncated or corrupt tar");
    }

    // The unsigned sum of the bytes and how many of them have their top bit set.
    private static (long Sum, int High) Sums(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        var high = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated && bytes.Length >= Vector128<byte>.Count)
        {
            // Each ushort lane gains at most 2 × 255 per step: up to 2,048 bytes (128 steps, 65,280) cannot overflow it; a
            // header is 512 bytes (32 steps), and anything past 2,048 is summed byte by byte below.
            var lanes = Vector128<ushort>.Zero;
            for (; i + Vector128<byte>.Count <= bytes.Length && i < 2048; i += Vector128<byte>.Count)
            {
                var v = Vector128.Create(bytes.Slice(i, Vector128<byte>.Count));
                var (lower, upper) = Vector128.Widen(v);
                lanes += lower + upper;
                high += BitOperations.PopCount(v.ExtractMostSignificantBits());
            }
            var (a, b) = Vector128.Widen(lanes);
            sum = Vector128.Sum(a + b);
        }
        for (; i < bytes.Length; i++)
        {
            sum += bytes[i];
            if (bytes[i] >= 0x80) high++;
        }
        return (sum, high);
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private readonly struct FieldReader(string source, string entry)
    {
        public DrydockException Error(string what) => new($"{source}: entry '{Shorten(entry)}': {what}");

        public long Number(ReadOnlySpan<byte> f, string name, long min, long max)
        {
            var value = (f[0] & 0x80) != 0 ? Base256(f, name) : Octal(f, name);
            if (value < min || value > max)
                throw Error($"{name} field out of range ({value}; allowed {min}..{max})");
            return value;
        }

        // GNU base-256: the first byte's top bit marks it, its next bit is the sign, the rest is a big-endian two's
        // complement number. Anything needing more than 63 bits cannot be held and is out of range.
        private long Base256(ReadOnlySpan<byte> f, string name)
        {
            var negative = (f[0] & 0x40) != 0;
            var flip = negative ? (byte)0xFF : (byte)0;
            long magnitude = (f[0] ^ flip) & 0x3F;
            foreach (var b in f[1..])
            {
                if (magnitude > long.MaxValue >> 8)
                    throw Error($"{name} field out of range (base-256 value wider than 63 bits)");
                magnitude = (magnitude << 8) | (byte)(b ^ flip);
            }
            return negative ? -magnitude - 1 : magnitude;
        }

        private long Octal(ReadOnlySpan<byte> f, string name)
        {
            var i = 0;
            while (i < f.Length && f[i] is (byte)' ' or 0) i++;
            long value = 0;
            for (; i < f.Length && f[i] is not ((byte)' ' or 0); i++)
            {
                if (f[i] is < (byte)'0' or > (byte)'7') throw Error($"{name} field is not an octal number");
                if (value > long.MaxValue >> 3) throw Error($"{name} field out of range (octal value wider than 63 bits)");
                value = (value << 3) | (uint)(f[i] - '0');
            }
            return value;
        }
    }
}
