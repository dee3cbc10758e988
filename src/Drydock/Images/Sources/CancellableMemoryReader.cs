using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// Reads a document already in memory as a stream that checks a cancellation token before each read, so a
/// deserializer that pulls its input in chunks (System.Text.Json reads 16 KiB and more at a time) stops within one
/// chunk of SIGINT, SIGTERM or <c>--timeout</c> (issue 18: cancellation reaches every parser loop).
/// </summary>
internal sealed class CancellableMemoryReader(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) : ReadOnlyStreamBase
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var n = Math.Min(buffer.Length, bytes.Length - _position);
        bytes.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
