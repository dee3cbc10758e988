using System.Text;

namespace Drydock.Tests.Builders;

/// <summary>
/// Writes tar bytes header by header (ustar layout), so a test can put what no tar writer would: base-256 numeric
/// fields out of range, hand-made PAX records, a wrong checksum. <see cref="Patch"/> changes a field of a built tar and
/// fixes the checksum, so the reader gets past it to the field under test.
/// </summary>
internal sealed class RawTarBuilder
{
    private readonly List<byte> _out = [];

    /// <summary>One header (typeflag <paramref name="type"/>), then <paramref name="data"/> padded to 512 bytes.</summary>
    public RawTarBuilder Entry(string name, char type, byte[]? data = null, string linkName = "", Action<byte[]>? edit = null)
    {
        data ??= [];
        var h = new byte[512];
        Encoding.UTF8.GetBytes(name).AsSpan(0, Math.Min(100, Encoding.UTF8.GetByteCount(name))).CopyTo(h);
        Octal(h, 100, 8, 0x1a4);
        Octal(h, 108, 8, 0);
        Octal(h, 116, 8, 0);
        Octal(h, 124, 12, data.Length);
        Octal(h, 136, 12, 1_700_000_000);
        h[156] = (byte)type;
        Encoding.UTF8.GetBytes(linkName).CopyTo(h, 157);
        "ustar\000"u8.CopyTo(h.AsSpan(257));
        edit?.Invoke(h);
        SetChecksum(h);
        _out.AddRange(h);
        _out.AddRange(data);
        _out.AddRange(new byte[(512 - data.Length % 512) % 512]);
        return this;
    }

    public RawTarBuilder File(string name, string content, Action<byte[]>? edit = null) =>
        Entry(name, '0', Encoding.UTF8.GetBytes(content), edit: edit);

    /// <summary>A PAX extended header ('x') holding <paramref name="records"/> (key, value), for the next entry.</summary>
    public RawTarBuilder Pax(params (string Key, string Value)[] records)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            var body = $" {key}={value}\n";
            var bytes = Encoding.UTF8.GetByteCount(body);
            var length = bytes + 1;
            while (length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + bytes != length) length++;
            text.Append(length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(body);
        }
        return Entry("PaxHeaders/x", 'x', Encoding.UTF8.GetBytes(text.ToString()));
    }

    public byte[] Build()
    {
        return [.. _out, .. new byte[1024]];
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="offset"/> of the header at <paramref name="header"/> and fixes its checksum.</summary>
    public static byte[] Patch(byte[] tar, int header, int offset, byte[] value)
    {
        var copy = (byte[])tar.Clone();
        value.CopyTo(copy, header + offset);
        var h = copy.AsSpan(header, 512).ToArray();
        SetChecksum(h);
        h.CopyTo(copy, header);
        return copy;
    }

    /// <summary>A GNU base-256 field: 0x80, then <paramref name="bytes"/> big-endian, left-padded to <paramref name="length"/>.</summary>
    public static byte[] Base256(int length, params byte[] bytes)
    {
        var field = new byte[length];
        bytes.CopyTo(field, length - bytes.Length);
        field[0] |= 0x80;
        return field;
    }

    private static void Octal(byte[] h, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(h, offset);
        h[offset + length - 1] = 0;
    }

    private static void SetChecksum(byte[] h)
    {
        for (var i = 148; i < 156; i++) h[i] = (byte)' ';
        var sum = 0;
        foreach (var b in h) sum += b;
        Octal(h, 148, 7, sum);
        h[155] = (byte)' ';
    }
}
