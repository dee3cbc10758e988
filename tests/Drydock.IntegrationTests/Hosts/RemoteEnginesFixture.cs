using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Engines reached the other ways Docker reaches them: <see cref="SshEngine"/>, a dockerd on its own unix socket that
/// tests reach only through a real sshd on 127.0.0.1 (<see cref="Sshd"/>); and <see cref="TlsEngine"/>, a dockerd
/// listening on tcp://127.0.0.1:PORT with <c>--tlsverify</c> and a test CA (<see cref="Certificates"/>). Each has one
/// container (<c>web-ssh</c>, <c>web-tls</c>) from a one-file <c>docker import</c> tagged under 127.0.0.1:1 (a refused
/// port, so the freshness lookup fails fast rather than leaving the machine). Does nothing when a program is missing or
/// the user is not root (the tests then skip).
/// </summary>
public sealed class RemoteEnginesFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["dockerd", "docker", "sshd", "ssh", "ssh-keygen", "tar"];
    public const string Image = "127.0.0.1:1/remote/app:1";

    internal DockerdServer? SshEngine { get; private set; }
    internal SshdServer? Sshd { get; private set; }
    internal DockerdServer? TlsEngine { get; private set; }
    internal EngineTlsCertificates? Certificates { get; private set; }
    internal int TlsPort { get; private set; }
    internal string TlsHost => $"tcp://127.0.0.1:{TlsPort}";
    internal string Directory { get; } = TestRoot.NewRunDirectory("remote-engines");

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        Certificates = EngineTlsCertificates.Create(Path.Combine(Directory, "tls"));
        TlsPort = TestRoot.FreePort();
        SshEngine = await DockerdServer.StartAsync();
        Sshd = await SshdServer.StartAsync(SshEngine.Host);
        TlsEngine = await DockerdServer.StartAsync(["--host", TlsHost, "--tlsverify", "--tlscacert", Certificates.CaCertificate,
            "--tlscert", Certificates.ServerCertificate, "--tlskey", Certificates.ServerKey]);
        await CreateContainerAsync(SshEngine, "web-ssh");
        await CreateContainerAsync(TlsEngine, "web-tls");
    }

    private async Task CreateContainerAsync(DockerdServer engine, string name)
    {
        var root = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "v"), name);
        await ExternalProcess.RunAsync("tar", ["-C", root, "-cf", root + ".tar", "."], TimeSpan.FromSeconds(30));
        await ExternalProcess.RunAsync("docker", ["-H", engine.Host, "import", "-c", "CMD [\"/v\"]", root + ".tar", Image], TimeSpan.FromMinutes(2));
        await ExternalProcess.RunAsync("docker", ["-H", engine.Host, "create", "--name", name, Image], TimeSpan.FromMinutes(2));
    }

    public Task DisposeAsync()
    {
        Sshd?.Dispose();
        SshEngine?.Dispose();
        TlsEngine?.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RemoteEnginesCollection : ICollectionFixture<RemoteEnginesFixture>
{
    public const string Name = "remote engines";
}
