using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Drydock.Images.Tar;

namespace Drydock.Images.Layers;

/// <summary>
/// Reads its inner stream on a thread of its own, at most <see cref="Chunks"/> chunks of <see cref="ChunkBytes"/>
/// ahead of the reader, so that what the inner stream does (reading the stored blob, verifying its digest,
/// inflating) runs on one core while the reader (hashing the tar, walking it) runs on the other. The memory is fixed
/// and shared between layers: the chunks are rented from <see cref="WalkBufferPool"/> and returned on dispose.
/// When given a hash, every byte is appended to it once, a whole chunk at a time as the reader reaches the chunk
/// (on the reader's thread), whether the bytes are then read or skipped (<see cref="IForwardSkip"/>: the tar's unread
/// entries are passed over without being copied). An exception of the inner stream is rethrown, with its type and
/// stack, by the read or skip that reaches it; disposing stops the thread and disposes the inner stream.
/// The two threads hand chunks over under one lock and block at once when they must wait: no spinning, which on a
/// machine whose cores are all busy only takes CPU from the thread being waited for (issue 17, h17many).
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStreamBase, IForwardSkip
{
    internal const int ChunkBytes = WalkBufferPool.BufferBytes;
    internal const int Chunks = 4;

    private readonly Stream _inner;
    private readonly IncrementalHash? _hash;
    private readonly WalkBuffer[] _rented = new WalkBuffer[Chunks];
    private readonly object _gate = new();
    private readonly Queue<WalkBuffer> _free = new(Chunks); // under _gate
    private readonly Queue<Filled> _filled = new(Chunks + 1); // under _gate: at most every chunk and the end
    private bool _stopping; // under _gate
    private readonly Thread _thread;
    private Filled _current = new(null, 0, null);
    private int _offset;
    private ExceptionDispatchInfo? _error;
    private bool _ended;
    private bool _disposed;

    /// <param name="inner">The stream to read ahead; disposed with this one.</param>
    /// <param name="hash">Appended every byte of <paramref name="inner"/> in order (the layer's diff id); not disposed here.</param>
    public ReadAheadStream(Stream inner, IncrementalHash? hash = null)
    {
        _inner = inner;
        _hash = hash;
        for (var i = 0; i < Chunks; i++) _free.Enqueue(_rented[i] = WalkBufferPool.Shared.Rent());
        _thread = new Thread(Produce) { IsBackground = true, Name = "drydock layer read-ahead" };
        _thread.Start();
    }

    private readonly record struct Filled(WalkBuffer? Chunk, int Count, ExceptionDispatchInfo? Error);

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || !Reach()) return 0;
        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Chunk!.Span.Slice(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public long Skip(long count)
    {
        var skipped = 0L;
        while (skipped < count && Reach())
        {
            var n = (int)Math.Min(count - skipped, _current.Count - _offset);
            _offset += n;
            skipped += n;
        }
        return skipped;
    }

    // Makes unread bytes of the current chunk available (taking, and hashing, the next chunk when this one is used
    // up); false at the end of the stream.
    private bool Reach()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _error?.Throw();
        if (_ended) return false;
        while (_offset == _current.Count)
        {
            _current = Exchange(_current.Chunk);
            _offset = 0;
            _error = _current.Error;
            _error?.Throw();
            if (_current.Chunk is not { } chunk)
            {
                _ended = true;
                return false;
            }
            _hash?.AppendData(chunk.Span[.._current.Count]);
        }
        return true;
    }

    // Gives the used-up chunk back (if any) and takes the next filled one, waiting for it: one lock per hand-over.
    private Filled Exchange(WalkBuffer? done)
    {
        lock (_gate)
        {
            if (done is not null)
            {
                _free.Enqueue(done);
                Monitor.Pulse(_gate);
            }
            while (_filled.Count == 0) Monitor.Wait(_gate);
            return _filled.Dequeue();
        }
    }

    // Posts a filled chunk (or the end, or the error: never more than the queue holds, so it never waits) and, unless it
    // was the last post, takes the next free chunk, waiting for the reader to give one back; null once disposing.
    private WalkBuffer? Post(Filled? filled, bool last)
    {
        lock (_gate)
        {
            if (filled is { } post)
            {
                _filled.Enqueue(post);
                Monitor.Pulse(_gate);
            }
            if (last) return null;
            while (_free.Count == 0 && !_stopping) Monitor.Wait(_gate);
            return _stopping ? null : _free.Dequeue();
        }
    }

    // Fills each free chunk to the brim (fewer hand-overs), posts it, and posts the end (or the error) last.
    private void Produce()
    {
        try
        {
            var chunk = Post(null, last: false);
            while (chunk is not null)
            {
                var count = 0;
                int read;
                var span = chunk.Span;
                while (count < ChunkBytes && (read = _inner.Read(span[count..])) > 0) count += read;
                if (count < ChunkBytes)
                {
                    if (count > 0) Post(new Filled(chunk, count, null), last: true);
                    Post(new Filled(null, 0, null), last: true);
                    return;
                }
                chunk = Post(new Filled(chunk, count, null), last: false);
            }
        }
#pragma warning disable CA1031 // every failure of the inner stream is handed to the reader, which rethrows it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Post(new Filled(null, 0, ExceptionDispatchInfo.Capture(e)), last: true);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            lock (_gate)
            {
                _stopping = true;
                Monitor.PulseAll(_gate);
            }
            _thread.Join();
            _inner.Dispose();
            // The thread has stopped and the reader is done: no chunk is in use any more.
            foreach (var chunk in _rented) WalkBufferPool.Shared.Return(chunk);
        }
        base.Dispose(disposing);
    }
}
