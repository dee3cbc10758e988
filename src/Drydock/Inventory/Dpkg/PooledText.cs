using System.Buffers;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// A reader's whole text in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, for parsers that look at lines in
/// place: a cold scan parses ~100 md5sums and copyright files after the layer walks, on one core, and reading each
/// into a fresh string (or a string per line) cost more than the parsing (issue 17). Dispose returns the buffer.
/// </summary>
internal readonly struct PooledText : IDisposable
{
    private const int FirstChars = 16 * 1024;
    private readonly char[] _buffer;
    private readonly int _length;

    private PooledText(char[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The text read.</summary>
    public ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    /// <summary>
    /// The text's lines where <see cref="TextReader.ReadLine"/> splits them: at '\n', '\r' or "\r\n", a last line
    /// without an end included (unlike <see cref="MemoryExtensions.EnumerateLines(ReadOnlySpan{char})"/>, which also splits at form feeds
    /// and Unicode separators).
    /// </summary>
    public LineEnumerator Lines => new(Span);

    /// <summary>See <see cref="Lines"/>.</summary>
    public ref struct LineEnumerator
    {
        private ReadOnlySpan<char> _rest;

        internal LineEnumerator(ReadOnlySpan<char> text) => _rest = text;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly LineEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_rest.IsEmpty) return false;
            var end = _rest.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                Current = _rest;
                _rest = default;
                return true;
            }
            Current = _rest[..end];
            var next = end + (_rest[end] == '\r' && end + 1 < _rest.Length && _rest[end + 1] == '\n' ? 2 : 1);
            _rest = _rest[next..];
            return true;
        }
    }

    /// <summary>Reads <paramref name="reader"/> to its end.</summary>
    public static PooledText Read(TextReader reader)
    {
        var buffer = ArrayPool<char>.Shared.Rent(FirstChars);
        var length = 0;
        try
        {
            int read;
            while ((read = reader.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length < buffer.Length) continue;
                var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<char>.Shared.Return(buffer);
                buffer = larger;
            }
            return new PooledText(buffer, length);
        }
        catch
        {
            ArrayPool<char>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null) ArrayPool<char>.Shared.Return(_buffer);
    }
}
