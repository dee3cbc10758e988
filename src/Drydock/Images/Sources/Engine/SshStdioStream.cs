using System.Diagnostics;
using System.Text;

namespace Drydock.Images.Sources.Engine;

/// <summary>
/// A running ssh process as a duplex stream: reads from its stdout, writes to its stdin. Its stderr is kept (the last
/// 8 KiB) so that an end of stream from a failed ssh becomes <see cref="SshDialException"/> with ssh's reason rather
/// than "the response ended prematurely". Disposing closes stdin and stops the process (by its own id) if still running.
/// </summary>
internal sealed class SshStdioStream : Stream
{
    private readonly Process _process;
    private readonly SshTarget _target;
    private readonly Stream _stdout;
    private readonly Stream _stdin;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;
    private bool _received;
    private int _disposed;

    public SshStdioStream(Process process, SshTarget target)
    {
        _process = process;
        _target = target;
        _stdout = process.StandardOutput.BaseStream;
        _stdin = process.StandardInput.BaseStream;
        _stderrPump = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int n;
            while ((n = await process.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, n);
                    if (_stderr.Length > 8192) _stderr.Remove(0, _stderr.Length - 8192);
                }
            }
        });
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _stdout.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            throw await FailureAsync();
        }
        if (n > 0)
        {
            _received = true;
            return n;
        }
        // End of stream before any byte: ssh never connected (or the far side has no docker).
        if (!_received && buffer.Length > 0) throw await FailureAsync();
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _stdin.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            throw await FailureAsync();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stdin.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            throw await FailureAsync();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>ssh's own reason: waits briefly for it to exit and for its stderr, then takes the last non-empty line.</summary>
    private async Task<SshDialException> FailureAsync()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            await _stderrPump.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // still running: report what it said so far
        }
        string text;
        lock (_stderr) text = _stderr.ToString();
        var last = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        var exit = _process.HasExited ? $"exit {_process.ExitCode}" : "no answer";
        return new SshDialException($"ssh {_target.Display} failed ({exit}): {last ?? "the connection closed before the engine answered"}");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                _stdin.Dispose();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(2))) _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
            _process.Dispose();
        }
        base.Dispose(disposing);
    }
}
