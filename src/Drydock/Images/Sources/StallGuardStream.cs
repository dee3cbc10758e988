using System.Diagnostics;
using Drydock.Images.Layers;

namespace Drydock.Images.Sources;

/// <summary>
/// Guards a network body against a server that stops sending in the middle: HttpClient's timeouts end with the
/// response headers, so a stalled body would otherwise block a read forever. A watchdog closes the inner stream when a
/// read has waited longer than the idle limit without a byte (time spent by the consumer between reads does
/// not count), and the read then fails with one clear message.
/// </summary>
internal sealed class StallGuardStream : ReadOnlyStreamBase
{
    private readonly Stream _inner;
    private readonly TimeSpan _idle;
    private readonly string _what;
    private readonly Timer _watchdog;
    private long _readStarted;
    private int _reading;
    private volatile bool _stalled;

    public StallGuardStream(Stream inner, TimeSpan idle, string what)
    {
        _inner = inner;
        _idle = idle;
        _what = what;
        var period = TimeSpan.FromTicks(Math.Max(idle.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
        _watchdog = new Timer(_ => Check(), null, period, period);
    }

    public override int Read(Span<byte> buffer)
    {
        Begin();
        try
        {
            return _inner.Read(buffer);
        }
        catch (Exception e) when (_stalled && e is IOException or ObjectDisposedException)
        {
            throw Stalled();
        }
        finally
        {
            Interlocked.Exchange(ref _reading, 0);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Begin();
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (_stalled && e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw Stalled();
        }
        finally
        {
            Interlocked.Exchange(ref _reading, 0);
        }
    }

    private void Begin()
    {
        if (_stalled) throw Stalled();
        Interlocked.Exchange(ref _readStarted, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _reading, 1);
    }

    private void Check()
    {
        if (Volatile.Read(ref _reading) == 0 || Stopwatch.GetElapsedTime(Interlocked.Read(ref _readStarted)) < _idle) return;
        _stalled = true;
        _inner.Dispose();
    }

    private DrydockException Stalled() => new($"{_what}: stalled (no data for {_idle.TotalSeconds:0.#} s)");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _watchdog.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
