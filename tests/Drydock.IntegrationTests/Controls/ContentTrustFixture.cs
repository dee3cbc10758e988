using System.Text;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Docker Content Trust end to end: a real TLS docker-registry (Basic auth) holding small images made in the test, and a
/// real notary-server (TLS, same test CA) that the real <c>notary</c> client publishes trust data to. Images are pushed to
/// a plain registry and copied over with skopeo, so the registry the scan reads is the TLS one. The secure-channel
/// tests use both registries; the notary server starts only where notary is installed.
/// </summary>
public sealed class ContentTrustFixture : IAsyncLifetime
{
    public static readonly string[] RegistryTools = ["docker-registry", "htpasswd", "skopeo"];
    private RegistryServer? _plain;
    private RegistryServer? _tls;
    private NotaryServer? _notary;

    internal RegistryServer Registry => _tls!;
    internal RegistryServer PlainRegistry => _plain!;
    internal NotaryServer Notary => _notary!;

    /// <summary>A Docker config with the TLS registry's credentials.</summary>
    public string DockerConfig { get; } = TestRoot.NewRunDirectory("dct-docker-config");

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(RegistryTools) is not null) return;
        _plain = await RegistryServer.StartAsync(RegistryMode.Plain);
        _tls = await RegistryServer.StartAsync(RegistryMode.Tls);
        if (TestRoot.MissingTools("notary", "notary-server") is null) _notary = await NotaryServer.StartAsync(_tls.Certificates!);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        await File.WriteAllTextAsync(Path.Combine(DockerConfig, "config.json"), $"{{\"auths\": {{\"{_tls.Host}\": {{\"auth\": \"{auth}\"}}}}}}");
    }

    /// <summary>Pushes a one-file image (content <paramref name="marker"/>) to the plain registry as repository:tag.</summary>
    internal async Task<Descriptor> PushPlainAsync(string repository, string tag, string marker)
    {
        using var push = new RegistryPush(_plain!.Host);
        return await TestImagePush.PushAsync(push, repository, tag, [TestImagePush.File("COPY marker /app/", "app/marker", marker)]);
    }

    /// <summary>Pushes a one-file image (content <paramref name="marker"/>) to the TLS registry as repository:tag.</summary>
    internal async Task<Descriptor> PushAsync(string repository, string tag, string marker)
    {
        var image = await PushPlainAsync(repository, tag, marker);
        await ExternalProcess.RunAsync("skopeo", ["--insecure-policy", "copy", "-q", "--src-tls-verify=false",
            "--dest-cert-dir", Path.Combine(_tls!.CertsDirectory, _tls.Host), "--dest-creds", $"{RegistryServer.User}:{RegistryServer.Password}",
            $"docker://{_plain!.Host}/{repository}:{tag}", $"docker://{_tls.Host}/{repository}:{tag}"], TimeSpan.FromMinutes(2));
        return image;
    }

    public Task DisposeAsync()
    {
        _notary?.Dispose();
        _tls?.Dispose();
        _plain?.Dispose();
        if (Directory.Exists(DockerConfig)) Directory.Delete(DockerConfig, recursive: true);
        return Task.CompletedTask;
    }
}
