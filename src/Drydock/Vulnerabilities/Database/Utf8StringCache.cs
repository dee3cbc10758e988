using System.Text;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// The distinct values of a column with few of them (version scheme, status, data source), decoded from UTF-8 once
/// per store instead of once per row. Past <see cref="Capacity"/> values it decodes without remembering, so a column
/// that turns out to have many values costs one comparison per remembered value and no more memory.
/// </summary>
internal sealed class Utf8StringCache
{
    public const int Capacity = 32;
    private readonly List<(byte[] Bytes, string Text)> _seen = [];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, text) in _seen)
            if (utf8.SequenceEqual(bytes)) return text;
        var decoded = Encoding.UTF8.GetString(utf8);
        if (_seen.Count < Capacity) _seen.Add((utf8.ToArray(), decoded));
        return decoded;
    }
}
