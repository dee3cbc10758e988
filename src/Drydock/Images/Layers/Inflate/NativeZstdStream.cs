using System.Runtime.InteropServices;

namespace Drydock.Images.Layers.Inflate;

/// <summary>
/// Decodes zstd (RFC 8878) through libzstd's <c>ZSTD_decompressStream</c>, with the semantics of the managed
/// <see cref="ZstdSharp.DecompressionStream"/> (<c>checkEndOfStream: true</c>) so that either path yields the same
/// bytes: concatenated and skippable frames are decoded in turn; corrupt data, a bad checksum or bytes that are not a
/// frame throw <see cref="InvalidDataException"/>; input that ends inside a frame throws
/// <see cref="EndOfStreamException"/>. libzstd's default window limit (128 MiB, <c>ZSTD_WINDOWLOG_LIMIT_DEFAULT</c>)
/// bounds its memory, as the managed port's does. The context (and its window) is rented from the library and
/// returned on dispose, so consecutive layers share one (<see cref="ZstdLibrary.Rent"/>).
/// </summary>
internal sealed unsafe class NativeZstdStream : ReadOnlyStreamBase
{
    private const int InputBytes = 256 * 1024;
    private readonly ZstdLibrary _zstd;
    private readonly Stream _source;
    private readonly PinnedPoolBuffer _input = new(InputBytes);
    private IntPtr _context;
    private ZstdLibrary.Buffer _in;
    private nuint _lastResult;
    private bool _flushed = true;

    public NativeZstdStream(ZstdLibrary zstd, Stream source)
    {
        _zstd = zstd;
        _source = source;
        _context = zstd.Rent();
        if (_context == IntPtr.Zero)
        {
            _input.Dispose();
            throw new InsufficientMemoryException("ZSTD_createDCtx failed");
        }
        _in.Data = _input.Pointer;
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == IntPtr.Zero, this);
        if (buffer.IsEmpty) return 0;
        fixed (byte* output = buffer)
        {
            var @out = new ZstdLibrary.Buffer { Data = output, Size = (nuint)buffer.Length };
            while (true)
            {
                // Input left, or output the last call could not flush: decode before reading more.
                while (_in.Position < _in.Size || !_flushed)
                {
                    var before = _in.Position;
                    ZstdLibrary.Buffer input = _in;
                    var result = _zstd.DecompressStream(_context, &@out, &input);
                    _in = input;
                    if (_zstd.IsError(result) != 0) throw new InvalidDataException($"corrupt zstd data: {_zstd.Describe(result)}");
                    if (@out.Position > 0 || before != _in.Position) _lastResult = result;
                    _flushed = @out.Position < @out.Size;
                    if (@out.Position > 0) return (int)@out.Position;
                }
                var read = _source.Read(_input.Span);
                if (read == 0)
                {
                    // A frame that was started and not finished: the layer was cut short.
                    if (_lastResult != 0) throw new EndOfStreamException("zstd data ends inside a frame");
                    return 0;
                }
                _in.Size = (nuint)read;
                _in.Position = 0;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_context != IntPtr.Zero)
        {
            _zstd.Return(_context);
            _context = IntPtr.Zero;
            _input.Dispose();
        }
        if (disposing) _source.Dispose();
        base.Dispose(disposing);
    }
}
