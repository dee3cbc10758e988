namespace Drydock;

/// <summary>
/// A failure Drydock reports to the user as one line (no stack trace): unreadable image, digest mismatch,
/// unreachable registry, missing database. <see cref="ExitCode"/> is what the CLI exits with (3 runtime, 2 usage).
/// </summary>
public class DrydockException : Exception
{
    public DrydockException(string message, int exitCode = ExitCodes.RuntimeError, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    public int ExitCode { get; }
}

/// <summary>A usage or configuration error (bad flag value, unparsable policy file): exit code 2.</summary>
public sealed class UsageException(string message, Exception? inner = null)
    : DrydockException(message, ExitCodes.UsageError, inner);
