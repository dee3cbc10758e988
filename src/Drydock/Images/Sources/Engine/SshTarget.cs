namespace Drydock.Images.Sources.Engine;

/// <summary>
/// An engine reached over ssh, as the Docker CLI names it: <c>ssh://[user@]host[:port]</c> (no path, query or
/// password). The CLI runs <c>ssh [-l user] [-p port] -- host docker system dial-stdio</c> and speaks HTTP over the
/// process's stdin and stdout (docker/cli cli/connhelper); <see cref="SshDialer"/> does the same.
/// </summary>
public sealed record SshTarget(string? User, string HostName, int? Port)
{
    /// <summary>Parses <c>ssh://[user@]host[:port]</c>; anything else is a <see cref="UsageException"/> naming the value.</summary>
    public static SshTarget Parse(string url)
    {
        var rest = url.StartsWith("ssh://", StringComparison.Ordinal) ? url["ssh://".Length..] : throw new UsageException($"'{url}' is not ssh://[user@]host[:port]");
        if (rest.EndsWith('/')) rest = rest[..^1];
        if (rest.Length == 0 || rest.IndexOfAny(['/', '?', '#', ' ', '\t']) >= 0)
            throw new UsageException($"'{url}': an ssh engine is ssh://[user@]host[:port] (no path, query or spaces)");
        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
                throw new UsageException($"'{url}': an ssh user must be a plain name (passwords are not allowed; use your ssh agent)");
        }
        int? port = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && !rest.EndsWith(']'))
        {
            if (!int.TryParse(rest[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
                throw new UsageException($"'{url}': the ssh port must be a number from 1 to 65535");
            port = p;
            rest = rest[..colon];
        }
        var host = rest.Trim('[', ']');
        // A host (or user) starting with '-' would be read by ssh as an option.
        if (host.Length == 0 || host.StartsWith('-') || user?.StartsWith('-') == true)
            throw new UsageException($"'{url}': not a valid ssh host");
        return new SshTarget(user, host, port);
    }

    /// <summary>How messages name it: <c>user@host:port</c>.</summary>
    public string Display => $"{(User is null ? "" : User + "@")}{HostName}{(Port is { } p ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";

    /// <summary>
    /// The ssh arguments after the program: BatchMode (never prompt: a key from the agent or config, or fail), no tty,
    /// the Docker CLI's 30 s connect timeout, then <c>-- host docker system dial-stdio</c>. The user's ssh config,
    /// agent and known_hosts apply as for any ssh run.
    /// </summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string> { "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "-T" };
        if (User is not null) args.AddRange(["-l", User]);
        if (Port is { } p) args.AddRange(["-p", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["--", HostName, "docker", "system", "dial-stdio"]);
        return args;
    }
}
