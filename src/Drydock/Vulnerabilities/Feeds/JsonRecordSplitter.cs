using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// Streams the records of one large JSON feed file (NVD's <c>{vulnerabilities: [...]}</c>, the Debian tracker's
/// <c>{source: {CVE: {...}}}</c>, secdb's <c>{packages: [...]}</c>) without ever holding the document: a record is a
/// member or element of a container that is the value of a root property (depth 2), and only one record's bytes are
/// buffered. Each record is checked against <see cref="FeedLimits"/> (bytes, nesting, string length, items) while it
/// is read; one past a bound is walked over byte by byte (<see cref="RawSkipper"/>), reported through <c>warn</c>
/// and replaced by a placeholder the reader passes over. Invalid JSON outside a record, a truncated file, or a token
/// outside any record over the byte bound fail the whole file (<see cref="FeedFormatException"/>).
/// </summary>
internal sealed class JsonRecordSplitter(Stream stream, string file, Func<string?, bool> wants, Action<string> warn)
{
    private const int Chunk = 1 << 16;
    private const int RecordDepth = 2;
    private const int MaxBuffer = (int)FeedLimits.MaxRecordBytes + Chunk;
    private static readonly JsonReaderOptions Options = new() { MaxDepth = FeedLimits.MaxNesting + RecordDepth + 2 };

    private readonly Dictionary<string, string> _rootStrings = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[Chunk];
    private int _start;
    private int _end;
    private bool _eof;
    private long _offset; // bytes of the file before _buffer[0]
    private JsonReaderState _state = new(Options);
    private string? _parent;
    private bool _inWanted;
    private bool _objectContainer;
    private bool _placeholder;
    private long _index;
    private RawSkipper? _skip;

    /// <summary>Short string values of the root object read so far (secdb's <c>distroversion</c>).</summary>
    public IReadOnlyDictionary<string, string> RootStrings => _rootStrings;

    /// <summary>The largest the read buffer grew (at most <see cref="FeedLimits.MaxRecordBytes"/> and a chunk).</summary>
    public int PeakBuffer => _buffer.Length;

    /// <summary>Whether a wanted container was found (false: the file is not in the streamed shape).</summary>
    public bool SawContainer { get; private set; }

    public async IAsyncEnumerable<JsonRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_skip is not null) await SkipAsync(_skip, cancellationToken);
            switch (Next(out var record))
            {
                case Step.Record:
                    yield return record!;
                    break;
                case Step.End:
                    yield break;
                case Step.NeedMore:
                    await FillAsync(cancellationToken);
                    break;
            }
        }
    }

    private enum Step { NeedMore, Record, Skip, End }

    private Step Next(out JsonRecord? record)
    {
        record = null;
        try
        {
            while (true)
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
                var step = Tokens(ref reader, out record);
                // Inside the wanted container an unfinished read is always a record (or its first token) being buffered.
                if (step == Step.NeedMore && _inWanted && _end - _start > FeedLimits.MaxRecordBytes)
                    step = Skip($"over {FeedLimits.MaxRecordBytes >> 20} MiB of JSON", Label(null));
                if (step != Step.Record || record is not null) return step;
            }
        }
        catch (JsonException e)
        {
            throw new FeedFormatException($"{file}: not valid JSON near byte {_offset + _start + e.BytePositionInLine}: {e.Message}");
        }
    }

    private Step Tokens(ref Utf8JsonReader reader, out JsonRecord? record)
    {
        record = null;
        while (true)
        {
            var before = reader.CurrentState;
            var at = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                Commit(reader.CurrentState, (int)reader.BytesConsumed);
                return _eof ? Step.End : Step.NeedMore;
            }
            if (reader.CurrentDepth >= RecordDepth && _inWanted) return Record(ref reader, before, at, out record);
            Outside(ref reader);
            if (reader.CurrentDepth == 0 && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                Commit(reader.CurrentState, (int)reader.BytesConsumed);
                return Step.End;
            }
        }
    }

    // Tokens of the root and of containers nobody wants: remember root property names and short string values.
    private void Outside(ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth != 1) return;
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _parent = reader.ValueSpan.Length <= 256 ? reader.GetString() : null;
                break;
            case JsonTokenType.String when _parent is not null && reader.ValueSpan.Length <= 256 && _rootStrings.Count < 64:
                _rootStrings[_parent] = reader.GetString()!;
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                _inWanted = wants(_parent);
                _objectContainer = reader.TokenType == JsonTokenType.StartObject;
                _index = 0;
                SawContainer |= _inWanted;
                break;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                _inWanted = false;
                break;
        }
    }

    // One record, from its first token (a name or a value) to its end; NeedMore and Skip rewind to before it.
    private Step Record(ref Utf8JsonReader reader, JsonReaderState before, int at, out JsonRecord? record)
    {
        record = null;
        string? name = null;
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            name = reader.ValueSpan.Length <= 1024 ? reader.GetString() : "(a long name)";
            if (!reader.Read()) return Rewind(before, at, Step.NeedMore);
        }
        var valueStart = (int)reader.TokenStartIndex;
        var baseDepth = reader.CurrentDepth;
        Span<int> items = stackalloc int[FeedLimits.MaxNesting + 2];
        while (true)
        {
            var depth = reader.CurrentDepth - baseDepth;
            if (RecordBounds.Check(ref reader, depth, items) is { } bound)
            {
                Rewind(before, at, Step.Skip);
                return Skip(bound, Label(name));
            }
            if (depth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) break; // a scalar record
            if (!reader.Read()) return Rewind(before, at, Step.NeedMore);
            if (reader.CurrentDepth == baseDepth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) break;
        }
        var label = Label(name);
        if (_placeholder) _placeholder = false;
        else
        {
            _index++;
            var bytes = _buffer.AsSpan(_start + valueStart, (int)reader.BytesConsumed - valueStart).ToArray();
            record = new JsonRecord(_parent, name, label, JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = FeedLimits.MaxNesting + 2 }));
        }
        Commit(reader.CurrentState, (int)reader.BytesConsumed);
        return Step.Record;
    }

    private string Label(string? name) => name ?? $"{_parent}[{_index}]";

    private Step Rewind(JsonReaderState before, int at, Step step)
    {
        Commit(before, at);
        return step;
    }

    private void Commit(JsonReaderState state, int consumed)
    {
        _start += consumed;
        _state = state;
    }

    // The record is walked over from its start without buffering; SkipAsync then puts a placeholder in its place.
    private Step Skip(string why, string label)
    {
        _skip = new RawSkipper(_objectContainer, label, why);
        return Step.Skip;
    }

    private async Task SkipAsync(RawSkipper skip, CancellationToken cancellationToken)
    {
        while (true)
        {
            _start += skip.Advance(_buffer.AsSpan(_start, _end - _start));
            if (skip.Done) break;
            if (_eof) throw new FeedFormatException($"{file}: ends inside record {skip.Label}");
            await FillAsync(cancellationToken);
        }
        _skip = null;
        _index++;
        warn($"{file}: {skip.Label}: {skip.Why}; record skipped");
        var placeholder = Encoding.ASCII.GetBytes((skip.SawComma ? "," : "") + (skip.Member ? "\"\":0" : "0"));
        if (_start < placeholder.Length) Compact(placeholder.Length);
        _start -= placeholder.Length;
        placeholder.CopyTo(_buffer, _start);
        _placeholder = true;
    }

    // Reads until the buffer is full or the file ends; grows the buffer (up to the record bound) when it is half full.
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_eof) throw new FeedFormatException($"{file}: ends before the JSON does");
        Compact(0);
        if (_end > _buffer.Length / 2 && _buffer.Length < MaxBuffer) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxBuffer));
        if (_end == _buffer.Length)
            throw new FeedFormatException($"{file}: a JSON token near byte {_offset} is over {FeedLimits.MaxRecordBytes >> 20} MiB");
        while (_end < _buffer.Length)
        {
            var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (n == 0)
            {
                _eof = true;
                break;
            }
            _end += n;
        }
    }

    // Moves the unread bytes to offset 'room' of the buffer.
    private void Compact(int room)
    {
        if (_start == room) return;
        if (_end - _start + room > _buffer.Length) Array.Resize(ref _buffer, _end - _start + room);
        Buffer.BlockCopy(_buffer, _start, _buffer, room, _end - _start);
        _offset += _start - room;
        _end = _end - _start + room;
        _start = room;
    }
}

/// <summary>One record of a streamed feed file: the root property it sits under, its own name (object members) and its value.</summary>
internal sealed record JsonRecord(string? Parent, string? Name, string Label, JsonDocument Document) : IDisposable
{
    public void Dispose() => Document.Dispose();
}
