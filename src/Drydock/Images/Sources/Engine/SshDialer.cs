using System.ComponentModel;
using System.Diagnostics;

namespace Drydock.Images.Sources.Engine;

/// <summary>
/// Opens one Engine API connection over ssh: starts the ssh client (<c>$DRYDOCK_SSH_COMMAND</c>, words split on
/// spaces, default <c>ssh</c>) with <see cref="SshTarget.Arguments"/> and returns its stdin/stdout as one stream.
/// When ssh fails (refused, unknown host key, auth failed, no docker on the far side) the first read or write throws an
/// <see cref="SshDialException"/> carrying ssh's own last stderr line.
/// </summary>
public static class SshDialer
{
    public const string CommandVariable = "DRYDOCK_SSH_COMMAND";

    public static Stream Dial(SshTarget target)
    {
        var words = (Environment.GetEnvironmentVariable(CommandVariable) is { Length: > 0 } command ? command : "ssh")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var w in words.Skip(1)) start.ArgumentList.Add(w);
        foreach (var a in target.Arguments()) start.ArgumentList.Add(a);
        try
        {
            var process = Process.Start(start) ?? throw new SshDialException($"ssh {target.Display}: could not start {words[0]}");
            return new SshStdioStream(process, target);
        }
        catch (Win32Exception e)
        {
            throw new SshDialException($"ssh {target.Display}: cannot run '{words[0]}' ({e.Message}); install an OpenSSH client or set {CommandVariable}");
        }
    }
}

/// <summary>ssh could not carry the connection; the message names the host and says why, in one line.</summary>
public sealed class SshDialException(string message) : IOException(message);
