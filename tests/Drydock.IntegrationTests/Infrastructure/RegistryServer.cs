using System.Diagnostics;
using System.Globalization;
using System.Net.Security;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>How a <see cref="RegistryServer"/> authenticates and whether it speaks TLS.</summary>
internal enum RegistryMode
{
    Plain,
    Basic,
    Token,
    Tls,
}

/// <summary>
/// A real <c>docker-registry</c> (Debian's distribution 2.8) on a free 127.0.0.1 port with a generated config:
/// plain HTTP, htpasswd Basic, bearer tokens from an in-process <see cref="TokenServer"/>, or TLS (test CA, +Basic).
/// Everything lives in its own run folder; Dispose stops the process by PID and removes the folder.
/// </summary>
internal sealed class RegistryServer : IDisposable
{
    public const string User = "drydock";
    public const string Password = "s3cret-pass";
    private readonly Process _process;
    private readonly TokenServer? _tokens;

    private RegistryServer(RegistryMode mode, string directory, int port, Process process, TokenServer? tokens, TestCertificates? certificates)
    {
        Mode = mode;
        Directory = directory;
        Port = port;
        _process = process;
        _tokens = tokens;
        Certificates = certificates;
    }

    public RegistryMode Mode { get; }
    public string Directory { get; }
    public int Port { get; }
    public string Host => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
    public TestCertificates? Certificates { get; }
    public TokenServer? Tokens => _tokens;

    /// <summary>A certs.d root holding <c>&lt;host:port&gt;/ca.crt</c> for the TLS registry (empty for the others).</summary>
    public string CertsDirectory => Path.Combine(Directory, "certs.d");

    public static async Task<RegistryServer> StartAsync(RegistryMode mode)
    {
        var dir = TestRoot.NewRunDirectory("registry-" + mode.ToString().ToLowerInvariant());
        var port = TestRoot.FreePort();
        var certificates = mode is RegistryMode.Tls or RegistryMode.Token ? TestCertificates.Create(Path.Combine(dir, "tls")) : null;
        var auth = "";
        if (mode is RegistryMode.Basic or RegistryMode.Tls)
        {
            var line = await ExternalProcess.RunAsync("htpasswd", ["-Bbn", User, Password], TimeSpan.FromSeconds(30));
            await File.WriteAllTextAsync(Path.Combine(dir, "htpasswd"), line.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: drydock-it\n    path: {Path.Combine(dir, "htpasswd")}\n";
        }
        TokenServer? tokens = null;
        if (mode == RegistryMode.Token)
        {
            tokens = new TokenServer(certificates!, User, Password);
            auth = $"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {certificates!.TokenCertificate}\n";
        }
        var tls = mode == RegistryMode.Tls ? $"  tls:\n    certificate: {certificates!.ServerCertificate}\n    key: {certificates.ServerKey}\n" : "";
        var config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(dir, "data")}\n" +
            $"  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n  secret: drydock-it-not-secret\n{tls}{auth}");
        if (certificates is not null)
        {
            var caDir = System.IO.Directory.CreateDirectory(Path.Combine(dir, "certs.d", $"127.0.0.1:{port}")).FullName;
            File.Copy(certificates.CaCertificate, Path.Combine(caDir, "ca.crt"));
        }
        var log = Path.Combine(dir, "registry.log");
        var process = ExternalProcess.StartServer("docker-registry", ["serve", config], log);
        var server = new RegistryServer(mode, dir, port, process, tokens, certificates);
        try
        {
            using var probe = new HttpClient(new SocketsHttpHandler
            {
                // Readiness only: the test CA is not in the system store, so an untrusted chain is expected here.
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, errors) => errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateChainErrors },
            })
            { Timeout = TimeSpan.FromSeconds(5) };
            var url = $"{(mode == RegistryMode.Tls ? "https" : "http")}://127.0.0.1:{port}/v2/";
            await ExternalProcess.WaitUntilAsync(process, async () =>
            {
                try
                {
                    using var r = await probe.GetAsync(url);
                    return (int)r.StatusCode is 200 or 401;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false; // not listening yet, or too slow to answer on a loaded machine
                }
            }, TimeSpan.FromSeconds(90), $"docker-registry ({mode})", log);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Pushes an image with skopeo (e.g. <c>oci:/path:1</c>) to <c>HOST/&lt;repository&gt;:&lt;tag&gt;</c>.</summary>
    public async Task PushAsync(string source, string repository, string tag)
    {
        var args = new List<string> { "--insecure-policy", "copy", "-q" };
        if (Mode == RegistryMode.Tls) args.AddRange(["--dest-cert-dir", Path.Combine(CertsDirectory, Host)]);
        else args.Add("--dest-tls-verify=false");
        if (Mode != RegistryMode.Plain) args.AddRange(["--dest-creds", $"{User}:{Password}"]);
        args.AddRange([source, $"docker://{Host}/{repository}:{tag}"]);
        await ExternalProcess.RunAsync("skopeo", args, TimeSpan.FromMinutes(5));
    }

    public void Dispose()
    {
        ExternalProcess.Stop(_process, TimeSpan.FromSeconds(5));
        _tokens?.Dispose();
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
