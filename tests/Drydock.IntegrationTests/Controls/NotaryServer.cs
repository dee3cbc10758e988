using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// A real notary-server (Debian's notary 0.7) on a free 127.0.0.1 port over TLS (the TLS registry's test certificates),
/// memory storage and its local trust service (it holds the timestamp key, Ed25519), and the real <c>notary</c> client to
/// publish trust data with (root, targets and snapshot keys in its own trust dir; a <c>targets/releases</c> delegation as
/// <c>docker trust</c> makes). Dispose stops the server by PID.
/// </summary>
internal sealed class NotaryServer : IDisposable
{
    private readonly Process _process;

    private NotaryServer(string directory, int port, string caFile, Process process) =>
        (Directory, Port, CaFile, _process) = (directory, port, caFile, process);

    public string Directory { get; }
    public int Port { get; }
    public string CaFile { get; }
    public string Url => "https://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
    private string TrustDir => Path.Combine(Directory, "client");

    public static async Task<NotaryServer> StartAsync(TestCertificates certificates)
    {
        var dir = TestRoot.NewRunDirectory("notary");
        var port = TestRoot.FreePort();
        var config = Path.Combine(dir, "server.json");
        await File.WriteAllTextAsync(config, $$"""
            { "server": {"http_addr": "127.0.0.1:{{port}}", "tls_key_file": "{{certificates.ServerKey}}", "tls_cert_file": "{{certificates.ServerCertificate}}"},
              "trust_service": {"type": "local", "hostname": "", "port": "", "key_algorithm": "ecdsa"},
              "logging": {"level": "info"}, "storage": {"backend": "memory"} }
            """);
        var log = Path.Combine(dir, "server.log");
        var process = ExternalProcess.StartServer("notary-server", ["-config", config, "-logf", "logfmt"], log);
        var server = new NotaryServer(dir, port, certificates.CaCertificate, process);
        try
        {
            using var probe = new HttpClient(new SocketsHttpHandler
            {
                // Readiness only: the test CA is not in the system store.
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, errors) => errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateChainErrors },
            })
            { Timeout = TimeSpan.FromSeconds(5) };
            await ExternalProcess.WaitUntilAsync(process, async () =>
            {
                try
                {
                    using var r = await probe.GetAsync(server.Url + "/_notary_server/health");
                    return r.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(90), "notary-server", log);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary><c>notary init</c> + a <c>targets/releases</c> delegation (key made here, imported) + publish.</summary>
    public async Task InitAsync(string gun)
    {
        await NotaryAsync("init", gun);
        await AddDelegationAsync(gun, "targets/releases");
    }

    /// <summary>
    /// <c>notary delegation add GUN ROLE CERT</c> with <paramref name="paths"/> (none = <c>--all-paths</c>), its key (ECDSA
    /// P-256, made here) imported into the client, published. A nested role needs its parent's key in the client.
    /// </summary>
    public async Task AddDelegationAsync(string gun, string role, params string[] paths)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        using var cert = new CertificateRequest("CN=" + role.Replace('/', '-'), key, HashAlgorithmName.SHA256).CreateSelfSigned(now, now.AddYears(1));
        var certFile = Path.Combine(Directory, $"delegation-{Guid.NewGuid():N}.crt");
        var keyFile = Path.ChangeExtension(certFile, ".key");
        await File.WriteAllTextAsync(certFile, cert.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        string[] scope = paths.Length == 0 ? ["--all-paths"] : [.. paths.SelectMany(p => new[] { "--paths", p })];
        await NotaryAsync(["delegation", "add", gun, role, certFile, .. scope]);
        await NotaryAsync("key", "import", keyFile, "--role", role, "--gun", gun);
        await NotaryAsync("publish", gun);
    }

    /// <summary><c>notary delegation remove GUN ROLE --paths PATH</c>, published: the role may no longer sign tags under it.</summary>
    public Task RemoveDelegationPathAsync(string gun, string role, string path) =>
        NotaryAsync("delegation", "remove", gun, role, "--paths", path, "--publish", "--yes");

    /// <summary><c>notary delegation remove GUN ROLE KEYID</c> for each key <c>notary delegation list</c> shows for the role, published.</summary>
    public async Task RemoveDelegationKeysAsync(string gun, string role)
    {
        // delegation list: ROLE  PATHS (may hold spaces)  KEY IDS (one line each)  THRESHOLD
        var keyIds = (await NotaryAsync("delegation", "list", gun)).Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3 && f[0] == role).Select(f => f[^2]).ToArray();
        Assert.NotEmpty(keyIds);
        await NotaryAsync(["delegation", "remove", gun, role, .. keyIds, "--publish", "--yes"]);
    }

    /// <summary>Signs <paramref name="tag"/> for a manifest (sha256 + length) in <paramref name="role"/> (targets/releases, as DCT push does), and publishes.</summary>
    public async Task SignAsync(string gun, string tag, string sha256Hex, long length, string role = "targets/releases")
    {
        await NotaryAsync("addhash", gun, tag, length.ToString(CultureInfo.InvariantCulture), "--sha256", sha256Hex, "-r", role);
        await NotaryAsync("publish", gun);
    }

    /// <summary>The oracle: <c>notary lookup GUN TAG</c>'s line (<c>TAG sha256:HEX LENGTH</c>), or null when notary finds no valid trust data.</summary>
    public async Task<string?> LookupAsync(string gun, string tag)
    {
        // notary prints "* fatal: No valid trust data for TAG" on stdout and exits 1
        var output = (await RunNotaryAsync("notary \"$@\" 2>/dev/null && echo ok || echo \"exit $?\"", "lookup", gun, tag)).Trim().Split('\n');
        return output[^1] == "ok" ? string.Join('\n', output[..^1]) : null;
    }

    /// <summary>The oracle: <c>notary list GUN --roles ROLE</c>, as rows of (name, sha256 hex, length, role).</summary>
    public async Task<IReadOnlyList<(string Name, string Sha256, long Length, string Role)>> ListAsync(string gun, string role) =>
        (await NotaryAsync("list", gun, "--roles", role)).Split('\n').Skip(2)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 4)
            .Select(f => (f[0], f[1], long.Parse(f[2], CultureInfo.InvariantCulture), f[3])).ToList();

    /// <summary><c>notary key rotate GUN root</c>: a new root key; root version N+1 signed by the old and the new key.</summary>
    public Task RotateRootAsync(string gun) => NotaryAsync("key", "rotate", gun, "root");

    /// <summary>The repository's current root certificate as PEM (what a user pins from <c>notary</c>'s trust dir).</summary>
    public async Task<string> RootCertificatePemAsync(string gun)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, errors) => errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateChainErrors },
        });
        using var root = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{Url}/v2/{gun}/_trust/tuf/root.json"));
        var signed = root.RootElement.GetProperty("signed");
        var id = signed.GetProperty("roles").GetProperty("root").GetProperty("keyids")[0].GetString()!;
        var pem = signed.GetProperty("keys").GetProperty(id).GetProperty("keyval").GetProperty("public").GetString()!;
        return System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(pem));
    }

    private Task<string> NotaryAsync(params string[] args) => RunNotaryAsync("echo yes | exec notary \"$@\"", args);

    private Task<string> RunNotaryAsync(string script, params string[] args) =>
        ExternalProcess.RunAsync("sh", ["-c", script, "notary", "-s", Url, "-d", TrustDir, "--tlscacert", CaFile, .. args],
            TimeSpan.FromMinutes(2), new Dictionary<string, string>
            {
                ["NOTARY_ROOT_PASSPHRASE"] = "root-pass", ["NOTARY_TARGETS_PASSPHRASE"] = "targets-pass",
                ["NOTARY_SNAPSHOT_PASSPHRASE"] = "snapshot-pass", ["NOTARY_DELEGATION_PASSPHRASE"] = "delegation-pass",
            });

    public void Dispose()
    {
        ExternalProcess.Stop(_process, TimeSpan.FromSeconds(5));
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the run folder is under the test root anyway
        }
    }
}
