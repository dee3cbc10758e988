namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Walks over one JSON record that is past a <see cref="FeedLimits"/> bound without buffering it: the leading comma
/// and blanks, for an object member its name and colon, then the value (a string, a scalar, or a container counted
/// bracket by bracket outside strings, RFC 8259 §2 and §7). It stops right after the value; the bytes it was given
/// may be dropped. A byte that cannot start what is expected is a malformed file (<see cref="FeedFormatException"/>).
/// </summary>
internal sealed class RawSkipper(bool member, string label, string why)
{
    private enum Phase { Lead, Name, Colon, Value, Scalar, String, Nested }

    private Phase _phase = Phase.Lead;
    private Phase _afterString;
    private long _depth;
    private bool _escape;

    public bool Member => member;

    public string Label => label;

    public string Why => why;

    /// <summary>Whether a comma before the record was consumed (the placeholder put in its place needs one too).</summary>
    public bool SawComma { get; private set; }

    public bool Done { get; private set; }

    /// <summary>Consumes bytes of <paramref name="data"/>; returns how many. <see cref="Done"/> once past the value.</summary>
    public int Advance(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            var blank = b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
            switch (_phase)
            {
                case Phase.Lead when blank:
                    break;
                case Phase.Lead when b == ',' && !SawComma:
                    SawComma = true;
                    break;
                case Phase.Lead:
                    _phase = member ? Phase.Name : Phase.Value;
                    i--;
                    break;
                case Phase.Name or Phase.Colon or Phase.Value when blank:
                    break;
                case Phase.Name:
                    Expect(b, (byte)'"');
                    (_phase, _afterString) = (Phase.String, Phase.Colon);
                    break;
                case Phase.Colon:
                    Expect(b, (byte)':');
                    _phase = Phase.Value;
                    break;
                case Phase.Value when b == '"':
                    (_phase, _afterString) = (Phase.String, Phase.Value);
                    _depth = -1; // a string value: done at its closing quote
                    break;
                case Phase.Value when b is (byte)'{' or (byte)'[':
                    (_phase, _depth) = (Phase.Nested, 1);
                    break;
                case Phase.Value when b is (byte)',' or (byte)':' or (byte)'}' or (byte)']':
                    throw new FeedFormatException($"record {label}: unexpected '{(char)b}'");
                case Phase.Value:
                    _phase = Phase.Scalar;
                    break;
                case Phase.Scalar when blank || b is (byte)',' or (byte)'}' or (byte)']':
                    Done = true;
                    return i;
                case Phase.Scalar:
                    break;
                case Phase.String when _escape:
                    _escape = false;
                    break;
                case Phase.String when b == '\\':
                    _escape = true;
                    break;
                case Phase.String when b == '"':
                    if (_afterString == Phase.Value && _depth < 0)
                    {
                        Done = true;
                        return i + 1;
                    }
                    _phase = _afterString;
                    break;
                case Phase.String:
                    break;
                case Phase.Nested when b == '"':
                    (_phase, _afterString) = (Phase.String, Phase.Nested);
                    break;
                case Phase.Nested when b is (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case Phase.Nested when b is (byte)'}' or (byte)']':
                    if (--_depth == 0)
                    {
                        Done = true;
                        return i + 1;
                    }
                    break;
                case Phase.Nested:
                    break;
            }
        }
        return data.Length;
    }

    private void Expect(byte b, byte wanted)
    {
        if (b != wanted) throw new FeedFormatException($"record {label}: expected '{(char)wanted}', found '{(char)b}'");
    }
}
