using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Drydock.Images.Layers;

/// <summary>
/// Reads its inner stream on a thread of its own, at most <see cref="Chunks"/> chunks of <see cref="ChunkBytes"/>
/// ahead of the reader, so that what the inner stream does (reading the stored blob, verifying its digest,
/// inflating) runs on one core while the reader (hashing the tar, walking it) runs on the other. The memory is fixed
/// (the chunks are allocated once and reused). An exception of the inner stream is rethrown, with its type and stack,
/// by the <see cref="Read(Span{byte})"/> that reaches it; disposing stops the thread and disposes the inner stream.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStreamBase
{
    internal const int ChunkBytes = 256 * 1024;
    internal const int Chunks = 4;

    private readonly Stream _inner;
    private readonly BlockingCollection<byte[]> _free = new(Chunks);
    private readonly BlockingCollection<Filled> _filled = new(Chunks + 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Filled _current = new(null, 0, null);
    private int _offset;
    private ExceptionDispatchInfo? _error;
    private bool _ended;
    private bool _disposed;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        for (var i = 0; i < Chunks; i++) _free.Add(GC.AllocateUninitializedArray<byte>(ChunkBytes));
        _thread = new Thread(Produce) { IsBackground = true, Name = "drydock layer read-ahead" };
        _thread.Start();
    }

    private readonly record struct Filled(byte[]? Chunk, int Count, ExceptionDispatchInfo? Error);

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _error?.Throw();
        if (buffer.IsEmpty || _ended) return 0;
        while (_offset == _current.Count)
        {
            if (_current.Chunk is { } done) _free.Add(done);
            _current = _filled.Take();
            _offset = 0;
            _error = _current.Error;
            _error?.Throw();
            if (_current.Chunk is null)
            {
                _ended = true;
                return 0;
            }
        }
        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Chunk.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    // Fills each free chunk to the brim (fewer hand-overs), posts it, and posts the end (or the error) last.
    private void Produce()
    {
        try
        {
            while (true)
            {
                var chunk = _free.Take(_stop.Token);
                var count = 0;
                int read;
                while (count < chunk.Length && (read = _inner.Read(chunk.AsSpan(count))) > 0) count += read;
                if (count > 0) _filled.Add(new Filled(chunk, count, null), _stop.Token);
                if (count < chunk.Length)
                {
                    _filled.Add(new Filled(null, 0, null), _stop.Token);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // every failure of the inner stream is handed to the reader, which rethrows it
        catch (Exception e)
#pragma warning restore CA1031
        {
            try
            {
                _filled.Add(new Filled(null, 0, ExceptionDispatchInfo.Capture(e)), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _stop.Cancel();
            _thread.Join();
            _inner.Dispose();
            _stop.Dispose();
            _free.Dispose();
            _filled.Dispose();
        }
        base.Dispose(disposing);
    }
}
