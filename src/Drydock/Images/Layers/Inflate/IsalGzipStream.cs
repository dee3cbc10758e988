using System.Runtime.InteropServices;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// Decodes gzip (RFC 1952) through ISA-L's streaming <c>isal_inflate</c>, with the semantics of .NET's
/// <see cref="System.IO.Compression.GZipStream"/> so that either path yields the same bytes: concatenated members are
/// decoded in turn; after a member, bytes that do not start with the gzip magic end the stream (trailing padding);
/// input that ends inside a member ends the stream after what could be decoded (the tar reader and the diff id catch
/// the truncation); corrupt data or a bad CRC-32/size trailer throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed unsafe class IsalGzipStream : ReadOnlyStreamBase
{
    private const int InputBytes = 256 * 1024;
    private readonly IsalLibrary _isal;
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly PinnedPoolBuffer _input = new(InputBytes);
    private IntPtr _state;
    private bool _sourceEnded;
    private bool _ended;
    private bool _started;

    public IsalGzipStream(IsalLibrary isal, Stream source, bool leaveOpen = false)
    {
        _isal = isal;
        _source = source;
        _leaveOpen = leaveOpen;
        _state = (IntPtr)NativeMemory.AlignedAlloc(IsalLibrary.StateBytes, 64);
        NativeMemory.Clear((void*)_state, IsalLibrary.StateBytes);
        _isal.Init(_state);
        SetInt(IsalLibrary.CrcFlagOffset, IsalLibrary.CrcFlagGzip);
        SetInput(0);
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_state == IntPtr.Zero, this);
        if (buffer.IsEmpty || _ended) return 0;
        if (!_started)
        {
            _started = true;
            if (!StartMember()) return End();
        }
        fixed (byte* output = buffer)
        {
            while (true)
            {
                if (AvailIn == 0 && !Refill()) return End();
                var before = AvailIn;
                *(byte**)(_state + IsalLibrary.NextOutOffset) = output;
                SetInt(IsalLibrary.AvailOutOffset, buffer.Length);
                var result = _isal.Inflate(_state);
                if (result != 0) throw new InvalidDataException($"corrupt gzip data: {IsalLibrary.Describe(result)}");
                var produced = buffer.Length - GetInt(IsalLibrary.AvailOutOffset);
                if (GetInt(IsalLibrary.BlockStateOffset) == IsalLibrary.BlockFinish && !NextMember())
                {
                    _ended = true;
                    return produced;
                }
                if (produced > 0) return produced;
                // A header split over reads is not consumed until it is whole: top the input up. Input that ends
                // inside a member ends the stream, as it does GZipStream's.
                if (AvailIn == before && !Refill()) return End();
            }
        }
    }

    // A member is complete (data, CRC-32 and size checked). As GZipStream does, another member starts only where the
    // next bytes are the gzip magic (or its first byte, when that is all there is); anything else is trailing padding.
    private bool NextMember()
    {
        if (AvailIn == 0 && !Refill()) return false;
        var next = NextIn;
        if (next[0] != 0x1f || (AvailIn > 1 && next[1] != 0x8b)) return false;
        var available = AvailIn;
        _isal.Reset(_state);
        SetInt(IsalLibrary.CrcFlagOffset, IsalLibrary.CrcFlagGzip);
        *(byte**)(_state + IsalLibrary.NextInOffset) = next;
        SetInt(IsalLibrary.AvailInOffset, available);
        return StartMember();
    }

    // RFC 1952 2.3.1: a decoder must reject a header with a reserved FLG bit set; zlib does, ISA-L does not look.
    private bool StartMember()
    {
        while (AvailIn < 4)
        {
            if (!Refill()) return AvailIn > 0;
        }
        if ((NextIn[3] & 0xe0) != 0) throw new InvalidDataException("corrupt gzip data: reserved header flags set");
        return true;
    }

    // Moves the unread input to the front of the buffer and reads more after it; false when the source has ended.
    private bool Refill()
    {
        if (_sourceEnded) return false;
        var kept = AvailIn;
        if (kept == _input.Length) throw new InvalidDataException("corrupt gzip data: isal_inflate made no progress");
        if (kept > 0) new ReadOnlySpan<byte>(NextIn, kept).CopyTo(_input.Span);
        var read = _source.Read(_input.Span[kept..]);
        if (read == 0) _sourceEnded = true;
        SetInput(kept + read);
        return read > 0;
    }

    private int End()
    {
        _ended = true;
        return 0;
    }

    private void SetInput(int count)
    {
        *(byte**)(_state + IsalLibrary.NextInOffset) = _input.Pointer;
        SetInt(IsalLibrary.AvailInOffset, count);
    }

    private byte* NextIn => *(byte**)(_state + IsalLibrary.NextInOffset);
    private int AvailIn => GetInt(IsalLibrary.AvailInOffset);
    private int GetInt(int offset) => *(int*)(_state + offset);
    private void SetInt(int offset, int value) => *(int*)(_state + offset) = value;

    protected override void Dispose(bool disposing)
    {
        if (_state != IntPtr.Zero)
        {
            NativeMemory.AlignedFree((void*)_state);
            _state = IntPtr.Zero;
            _input.Dispose();
        }
        if (disposing && !_leaveOpen) _source.Dispose();
        base.Dispose(disposing);
    }
}
