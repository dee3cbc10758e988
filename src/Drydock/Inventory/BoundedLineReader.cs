using System.Text;

namespace Drydock.Inventory;

/// <summary>
/// Reads lines (ending in <c>\n</c>, <c>\r\n</c> or end of input) from untrusted text with a bound on the line length:
/// a longer line is returned as <see cref="Overlong"/> (its text dropped, memory never above the bound), so one
/// 60 MB line costs a scan, not 60 MB twice over. Checks <paramref name="cancellationToken"/> on every buffer.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLineChars, CancellationToken cancellationToken = default)
{
    /// <summary>Returned for a line longer than the bound.</summary>
    public static readonly string Overlong = new('\0', 1);

    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _line = new();
    private int _pos, _len;
    private bool _end;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its terminator, <see cref="Overlong"/> when it passed the bound, null at the end.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        var overlong = false;
        while (true)
        {
            if (_pos == _len)
            {
                if (_end || !Fill())
                {
                    if (_line.Length == 0 && !overlong) return null;
                    return Finish(overlong);
                }
            }
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var nl = span.IndexOf('\n');
            var take = nl < 0 ? span : span[..nl];
            if (!overlong && _line.Length + take.Length <= maxLineChars + 1) _line.Append(take);
            else overlong = true;
            _pos += nl < 0 ? span.Length : nl + 1;
            if (nl >= 0) return Finish(overlong);
        }
    }

    private string Finish(bool overlong)
    {
        LineNumber++;
        if (_line.Length > 0 && _line[^1] == '\r') _line.Length--;
        if (overlong || _line.Length > maxLineChars) return Overlong;
        return _line.ToString();
    }

    private bool Fill()
    {
        cancellationToken.ThrowIfCancellationRequested();
        _len = reader.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0) _end = true;
        return _len > 0;
    }
}
