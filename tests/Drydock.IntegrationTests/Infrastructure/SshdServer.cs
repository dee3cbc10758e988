using System.Diagnostics;
using System.Net.Sockets;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 (a free port), in its own run folder: a generated ed25519 host key, one
/// generated client key in <c>authorized_keys</c> with <c>environment="DOCKER_HOST=…"</c> (PermitUserEnvironment) so
/// that the far side's <c>docker system dial-stdio</c> reaches the test's dockerd, and an ssh client config
/// (<see cref="ClientConfig"/>: that key, a known_hosts holding the host key, StrictHostKeyChecking). Key material comes
/// from ssh-keygen. Dispose stops sshd by its PID and removes the folder.
/// </summary>
internal sealed class SshdServer : IDisposable
{
    private readonly Process _process;

    private SshdServer(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        _process = process;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary><c>ssh -F</c> this file to reach the server as root with the authorised key.</summary>
    public string ClientConfig => Path.Combine(Directory, "ssh_config");

    /// <summary>A client config with a key the server does not know (authentication fails).</summary>
    public string WrongKeyConfig => Path.Combine(Directory, "ssh_config_wrong_key");

    /// <summary>The engine URL for this server: <c>ssh://root@127.0.0.1:PORT</c>.</summary>
    public string EngineUrl => $"ssh://root@127.0.0.1:{Port}";

    /// <summary>Starts sshd; logins with the generated key run their commands with <c>DOCKER_HOST=<paramref name="dockerHost"/></c>.</summary>
    public static async Task<SshdServer> StartAsync(string dockerHost)
    {
        var dir = TestRoot.NewRunDirectory("sshd");
        var port = TestRoot.FreePort();
        string F(string name) => Path.Combine(dir, name);
        foreach (var key in new[] { "host_key", "client_key", "wrong_key" })
            await ExternalProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "drydock-test", "-f", F(key)], TimeSpan.FromSeconds(30));
        File.WriteAllText(F("authorized_keys"), $"environment=\"DOCKER_HOST={dockerHost}\" {File.ReadAllText(F("client_key.pub")).Trim()}\n");
        File.WriteAllText(F("known_hosts"), $"[127.0.0.1]:{port} {File.ReadAllText(F("host_key.pub")).Trim()}\n");
        File.WriteAllText(F("sshd_config"), string.Join('\n',
            $"Port {port}", "ListenAddress 127.0.0.1", $"HostKey {F("host_key")}", $"AuthorizedKeysFile {F("authorized_keys")}",
            $"PidFile {F("sshd.pid")}", "StrictModes no", "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password", "PermitUserEnvironment yes", "X11Forwarding no", "") );
        foreach (var (config, key) in new[] { ("ssh_config", "client_key"), ("ssh_config_wrong_key", "wrong_key") })
        {
            File.WriteAllText(F(config), string.Join('\n',
                "Host 127.0.0.1", $"  IdentityFile {F(key)}", "  IdentitiesOnly yes", "  IdentityAgent none", $"  UserKnownHostsFile {F("known_hosts")}",
                "  StrictHostKeyChecking yes", "  LogLevel ERROR", ""));
        }
        // sshd (as root) insists on its privilege separation folder, which the package's service unit normally creates.
        System.IO.Directory.CreateDirectory("/run/sshd");
        var log = F("sshd.log");
        var process = ExternalProcess.StartServer(TestRoot.FindProgram("sshd")!, ["-D", "-e", "-f", F("sshd_config")], log);
        var server = new SshdServer(dir, port, process);
        try
        {
            await ExternalProcess.WaitUntilAsync(process, async () =>
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), "sshd", log);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    public void Dispose()
    {
        ExternalProcess.Stop(_process, TimeSpan.FromSeconds(10));
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // leftovers stay under the test root
        }
    }
}
