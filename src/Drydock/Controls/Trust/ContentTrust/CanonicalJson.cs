using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// The canonical JSON that notary signs (its <c>docker/go/canonical/json</c> encoder, "MarshalCanonical"): object keys
/// sorted by their UTF-8 bytes, no whitespace, strings with only <c>"</c> and <c>\</c> escaped (OLPC canonical JSON,
/// which that encoder follows: every other character, control characters included, is written as it is). Floating
/// numbers are refused, as that encoder refuses them: TUF metadata carries only whole numbers.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] Encode(JsonElement element)
    {
        var sb = new StringBuilder();
        Write(element, sb, 0);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Write(JsonElement e, StringBuilder sb, int depth)
    {
        if (depth > ContentTrustLimits.MaxDepth) throw new ContentTrustException($"metadata nests deeper than {ContentTrustLimits.MaxDepth} levels");
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in e.EnumerateObject().OrderBy(p => Encoding.UTF8.GetBytes(p.Name), ByteOrder.Instance))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(p.Name, sb);
                    sb.Append(':');
                    Write(p.Value, sb, depth + 1);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(',');
                    Write(item, sb, depth + 1);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String: WriteString(e.GetString()!, sb); break;
            case JsonValueKind.Number:
                if (!e.TryGetInt64(out var n)) throw new ContentTrustException($"metadata holds a number that is not a whole number ({e.GetRawText()})");
                sb.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
