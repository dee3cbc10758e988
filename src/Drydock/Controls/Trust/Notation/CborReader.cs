using System.Text;

namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// A small, bounded CBOR decoder (RFC 8949 §3) for COSE envelopes read from a registry, i.e. hostile input: definite
/// lengths only (COSE is deterministic), nesting at most <see cref="MaxDepth"/>, every length checked against the bytes
/// left before anything is allocated, at most <see cref="MaxItems"/> items in all, strict UTF-8, no trailing bytes.
/// Any violation is a <see cref="FormatException"/>.
/// </summary>
public sealed class CborReader
{
    public const int MaxDepth = 16;
    public const int MaxItems = 10_000;

    private readonly byte[] _data;
    private int _position;
    private int _depth;
    private int _items;

    private CborReader(byte[] data) => _data = data;

    public static CborItem Decode(byte[] data)
    {
        var reader = new CborReader(data);
        var item = reader.Read();
        if (reader._position != data.Length) throw new FormatException("CBOR: trailing bytes after the data item");
        return item;
    }

    private CborItem Read()
    {
        if (++_depth > MaxDepth) throw new FormatException("CBOR: nested too deeply");
        if (++_items > MaxItems) throw new FormatException("CBOR: too many data items");
        var initial = Next();
        var major = initial >> 5;
        var argument = Argument(initial & 0x1f);
        CborItem item = major switch
        {
            0 => new CborItem(CborKind.Unsigned, Integer: ToInt64(argument)),
            1 => new CborItem(CborKind.Negative, Integer: -1 - ToInt64(argument)),
            2 => new CborItem(CborKind.Bytes, Bytes: Take(argument)),
            3 => new CborItem(CborKind.Text, Text: Utf8(Take(argument))),
            4 => new CborItem(CborKind.Array, Items: ReadArray(argument)),
            5 => new CborItem(CborKind.Map, Entries: ReadMap(argument)),
            6 => new CborItem(CborKind.Tagged, Tag: argument, Items: [Read()]),
            _ => new CborItem(CborKind.Simple, Integer: (long)Math.Min(argument, 255)),
        };
        _depth--;
        return item;
    }

    private List<CborItem> ReadArray(ulong count)
    {
        // Every item takes at least one byte: a count beyond the bytes left is a lie, refused before allocating.
        if (count > (ulong)(_data.Length - _position)) throw new FormatException("CBOR: array longer than the input");
        var items = new List<CborItem>((int)count);
        for (ulong i = 0; i < count; i++) items.Add(Read());
        return items;
    }

    private List<KeyValuePair<CborItem, CborItem>> ReadMap(ulong count)
    {
        if (count > (ulong)(_data.Length - _position) / 2) throw new FormatException("CBOR: map longer than the input");
        var entries = new List<KeyValuePair<CborItem, CborItem>>((int)count);
        for (ulong i = 0; i < count; i++) entries.Add(new(Read(), Read()));
        return entries;
    }

    private ulong Argument(int info) => info switch
    {
        < 24 => (ulong)info,
        24 => Next(),
        25 => Big(2),
        26 => Big(4),
        27 => Big(8),
        31 => throw new FormatException("CBOR: indefinite lengths are not accepted"),
        _ => throw new FormatException("CBOR: reserved additional information"),
    };

    private ulong Big(int bytes)
    {
        ulong value = 0;
        for (var i = 0; i < bytes; i++) value = (value << 8) | Next();
        return value;
    }

    private byte Next() => _position < _data.Length ? _data[_position++] : throw new FormatException("CBOR: unexpected end of input");

    private byte[] Take(ulong length)
    {
        if (length > (ulong)(_data.Length - _position)) throw new FormatException("CBOR: string longer than the input");
        var result = _data.AsSpan(_position, (int)length).ToArray();
        _position += (int)length;
        return result;
    }

    private static long ToInt64(ulong value) => value <= long.MaxValue ? (long)value : throw new FormatException("CBOR: integer out of range");

    private static string Utf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("CBOR: text string is not valid UTF-8");
        }
    }

    /// <summary>The head of a definite-length item (major type, length), for encoding COSE's Sig_structure.</summary>
    public static byte[] Head(int major, long length)
    {
        var m = (byte)(major << 5);
        return length switch
        {
            < 24 => [(byte)(m | length)],
            <= byte.MaxValue => [(byte)(m | 24), (byte)length],
            <= ushort.MaxValue => [(byte)(m | 25), (byte)(length >> 8), (byte)length],
            _ => [(byte)(m | 26), (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length],
        };
    }
}
