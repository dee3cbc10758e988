using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// CIS-4.2's secure channel through `drydock image` against a real plain-HTTP docker-registry and a real TLS one:
/// read with `--insecure-registry`, the plain registry and the TLS registry whose CA is not trusted fail with how the
/// image was read, unless the policy accepts the registry; the TLS registry with its CA in certs.d is a secure channel.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecureChannelTests(ContentTrustFixture fixture) : IClassFixture<ContentTrustFixture>, IDisposable
{
    private readonly string _work = TestRoot.NewRunDirectory("secure-channel");

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo")]
    public async Task Image_ReadOverPlainHttp_Cis42FailsSayingSo()
    {
        await fixture.PushPlainAsync("channel/plain", "1", "plain");
        var host = fixture.PlainRegistry.Host;

        var cis42 = (await ControlVerdicts.ImageAsync(Environment(fixture.Registry.CertsDirectory), "--insecure-registry", host, $"{host}/channel/plain:1"))["CIS-4.2"];

        Assert.Equal("fail", cis42.Outcome);
        Assert.Equal($"Not downloaded over a secure channel: the image was read over plain HTTP (no TLS) from {host}.", cis42.Summary);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo")]
    public async Task Image_PlainHttpRegistryListedInInsecureRegistriesAllowed_Cis42DoesNotFailOnTheChannel()
    {
        await fixture.PushPlainAsync("channel/allowed", "1", "allowed");
        var host = fixture.PlainRegistry.Host;
        var policy = Path.Combine(_work, "drydock.yaml");
        await File.WriteAllTextAsync(policy, $"insecureRegistriesAllowed: [\"{host}\"]\n");

        var cis42 = (await ControlVerdicts.ImageAsync(Environment(fixture.Registry.CertsDirectory), "--insecure-registry", host, "--policy", policy, $"{host}/channel/allowed:1"))["CIS-4.2"];

        Assert.Equal("skip", cis42.Outcome); // no trustedBases in this policy: nothing else to judge
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo")]
    public async Task Image_TlsRegistryWithUntrustedCertificateReadInsecurely_Cis42FailsSayingVerificationWasOff()
    {
        await fixture.PushAsync("channel/tls-unverified", "1", "tls");
        var host = fixture.Registry.Host;
        var emptyCerts = Directory.CreateDirectory(Path.Combine(_work, "no-certs")).FullName;

        var cis42 = (await ControlVerdicts.ImageAsync(Environment(emptyCerts), "--insecure-registry", host, $"{host}/channel/tls-unverified:1"))["CIS-4.2"];

        Assert.Equal("fail", cis42.Outcome);
        Assert.Contains($"the image was read over TLS with certificate verification disabled (the certificate does not verify) from {host}", cis42.Summary, StringComparison.Ordinal);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo")]
    public async Task Image_TlsRegistryWithItsCaTrusted_Cis42DoesNotFailOnTheChannel()
    {
        await fixture.PushAsync("channel/tls-verified", "1", "tls");
        var host = fixture.Registry.Host;

        var cis42 = (await ControlVerdicts.ImageAsync(Environment(fixture.Registry.CertsDirectory), "--insecure-registry", host, $"{host}/channel/tls-verified:1"))["CIS-4.2"];

        Assert.Equal("skip", cis42.Outcome);
    }

    [IntegrationFact("docker-registry", "htpasswd", "skopeo")]
    public async Task RegistryClient_Channel_IsHowTheClientReachedTheRegistry()
    {
        // Given: one image in the plain registry and in the TLS one, each host declared insecure
        await fixture.PushAsync("channel/client", "1", "client");
        var plainHost = fixture.PlainRegistry.Host;
        var tlsHost = fixture.Registry.Host;
        var emptyCerts = Directory.CreateDirectory(Path.Combine(_work, "no-certs-client")).FullName;
        RegistryClientOptions Options(string host, string certs) => new()
        {
            InsecureRegistries = new HashSet<string>([host], StringComparer.OrdinalIgnoreCase),
            CertsDirectory = certs,
            Credentials = new DockerCredentialStore(fixture.DockerConfig),
        };
        using var plain = new RegistryClient(plainHost, Options(plainHost, emptyCerts));
        using var unverified = new RegistryClient(tlsHost, Options(tlsHost, emptyCerts));
        using var verified = new RegistryClient(tlsHost, Options(tlsHost, fixture.Registry.CertsDirectory));
        Assert.Null(plain.Channel); // nothing asked yet

        // When: each reads the manifest
        foreach (var client in new[] { plain, unverified, verified }) await client.GetManifestAsync("channel/client", "1", CancellationToken.None);

        // Then: plain HTTP; TLS whose certificate did not verify (accepted: insecure); TLS verified through certs.d
        Assert.Equal(RegistryChannel.PlainHttp, plain.Channel);
        Assert.Equal(RegistryChannel.UnverifiedTls, unverified.Channel);
        Assert.Equal(RegistryChannel.VerifiedTls, verified.Channel);
    }

    private Dictionary<string, string> Environment(string certsDirectory) => new()
    {
        ["DRYDOCK_CACHE_DIR"] = Path.Combine(_work, "cache"),
        ["DRYDOCK_CERTS_D"] = certsDirectory,
        ["DOCKER_CONFIG"] = fixture.DockerConfig,
    };
}
