using Drydock.Images.Sources.Engine;

namespace Drydock.Hosts;

/// <summary>
/// A hosts file: one <c>DOCKER_HOST</c> URL per line (unix, tcp or ssh) with optional <c>certPath=DIR</c> and <c>tlsVerify=false</c>
/// (<c>tcp://h:2376 certPath=/etc/drydock/h</c>), or the YAML form <c>- host: tcp://h:2376</c> / <c>  certPath: DIR</c>.
/// <c>#</c> starts a comment. A TCP host with a certPath uses TLS, verified unless <c>tlsVerify=false</c>.
/// </summary>
public static class HostsFile
{
    public static IReadOnlyList<HostEntry> Parse(string text, string path)
    {
        var entries = new List<HostEntry>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = (raw.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0 || line == "hosts:") continue;
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                line = line[2..].Trim();
                if (!line.Contains("://", StringComparison.Ordinal) || line.StartsWith("host:", StringComparison.Ordinal))
                {
                    entries.Add(new HostEntry(Value(line, "host", path, lineNo), null, true));
                    continue;
                }
            }
            if (line.StartsWith("certPath:", StringComparison.Ordinal) || line.StartsWith("tlsVerify:", StringComparison.Ordinal))
            {
                if (entries.Count == 0) throw new UsageException($"{path}:{lineNo}: '{line}' before any host");
                var last = entries[^1];
                entries[^1] = line.StartsWith("certPath:", StringComparison.Ordinal)
                    ? last with { CertPath = Value(line, "certPath", path, lineNo) }
                    : last with { TlsVerify = !Value(line, "tlsVerify", path, lineNo).Equals("false", StringComparison.OrdinalIgnoreCase) };
                continue;
            }
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var entry = new HostEntry(parts[0], null, true);
            foreach (var p in parts.Skip(1))
            {
                if (p.StartsWith("certPath=", StringComparison.Ordinal)) entry = entry with { CertPath = p["certPath=".Length..] };
                else if (p.StartsWith("tlsVerify=", StringComparison.Ordinal)) entry = entry with { TlsVerify = !p.EndsWith("=false", StringComparison.OrdinalIgnoreCase) };
                else throw new UsageException($"{path}:{lineNo}: unknown host option '{p}' (expected certPath=DIR or tlsVerify=false)");
            }
            entries.Add(entry);
        }
        foreach (var e in entries)
        {
            if (!e.Host.StartsWith("unix://", StringComparison.Ordinal) && !e.Host.StartsWith("tcp://", StringComparison.Ordinal) && !e.Host.StartsWith("ssh://", StringComparison.Ordinal))
                throw new UsageException($"{path}: host '{e.Host}' must be unix:///path, tcp://host:port or ssh://[user@]host[:port]");
            if (e.Host.StartsWith("ssh://", StringComparison.Ordinal)) SshTarget.Parse(e.Host);
        }
        return entries;
    }

    private static string Value(string line, string key, string path, int lineNo)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || line[..colon].Trim() != key) throw new UsageException($"{path}:{lineNo}: expected '{key}: VALUE'");
        return line[(colon + 1)..].Trim().Trim('"', '\'');
    }
}

/// <summary>One engine to reach: its DOCKER_HOST URL and TLS material (a directory with ca.pem, cert.pem, key.pem).</summary>
public sealed record HostEntry(string Host, string? CertPath, bool TlsVerify)
{
    /// <summary>The endpoint to connect to; a null entry means "from the environment" ($DOCKER_HOST or the default socket).</summary>
    public static EngineEndpoint Endpoint(HostEntry? entry) =>
        entry is null ? EngineEndpoint.FromEnvironment() : EngineEndpoint.Parse(entry.Host, entry.CertPath, entry.TlsVerify);
}
