using System.Text.Json;
using Drydock.Images;
using Drydock.Images.Sources.Registry;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Registry;

/// <summary>
/// The first request to a registry finds its base URL itself (issue 17): no <c>/v2/</c> ping before a GET or HEAD, one
/// round trip less before the first byte. Through a recording proxy in front of the real registry.
/// </summary>
[Collection(RegistryCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RegistryFirstRequestTests(RegistryFixture fixture)
{
    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_FreshClient_TheManifestIsTheFirstRequestAndNoPingFollows()
    {
        // Given: an insecure host (plain HTTP behind the proxy, on its explicit port: no https attempt follows that answer)
        using var proxy = new RecordingProxy(fixture.Server(RegistryMode.Plain).Host);
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);
        using var document = JsonDocument.Parse(manifest.Bytes);
        var configElement = document.RootElement.GetProperty("config");
        var descriptor = new Descriptor
        {
            MediaType = configElement.GetProperty("mediaType").GetString()!,
            Digest = configElement.GetProperty("digest").GetString()!,
            Size = configElement.GetProperty("size").GetInt64(),
        };
        var config = await client.GetBlobBytesAsync(RegistryFixture.Repository, descriptor, 1 << 20, CancellationToken.None);

        // Then
        Assert.Equal(
            [$"GET /v2/{RegistryFixture.Repository}/manifests/{RegistryFixture.Tag}", $"GET /v2/{RegistryFixture.Repository}/blobs/{descriptor.Digest}"],
            proxy.Requests);
        Assert.Equal(descriptor.Digest, Digest.Sha256(config).ToString());
        Assert.Equal(RegistryChannel.PlainHttp, client.Channel);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task ResolveDigestAsync_ThenManifest_OneRequestEachNoPing()
    {
        // Given
        using var proxy = new RecordingProxy(fixture.Server(RegistryMode.Plain).Host);
        using var client = new RegistryClient(proxy.Host, Options(proxy));

        // When: a HEAD first (freshness asks this way)
        var digest = await client.ResolveDigestAsync(ImageReference.Parse($"{proxy.Host}/{RegistryFixture.Repository}:{RegistryFixture.Tag}"), CancellationToken.None);
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, digest.ToString(), CancellationToken.None);

        // Then
        Assert.Equal(digest, manifest.Digest);
        Assert.DoesNotContain(proxy.Requests, r => r == "GET /v2/");
        Assert.Equal($"HEAD /v2/{RegistryFixture.Repository}/manifests/{RegistryFixture.Tag}", proxy.Requests[0]);
        Assert.Equal(2, proxy.Requests.Count);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_InsecureHostWhosePortSpeaksPlainHttp_NoTlsHandshakeIsTried()
    {
        // Given: a host declared insecure, with its port, that speaks plain HTTP
        using var proxy = new FirstByteProxy(fixture.Server(RegistryMode.Plain).Host);
        using var client = new RegistryClient(proxy.Host, new RegistryClientOptions { InsecureRegistries = new HashSet<string> { proxy.Host }, Credentials = null });

        // When
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);

        // Then: read over http, and no connection ever started a TLS handshake (its answer showed plain HTTP on the port)
        Assert.Equal(manifest.Digest, Digest.Sha256(manifest.Bytes.Span));
        Assert.Equal(RegistryChannel.PlainHttp, client.Channel);
        Assert.NotEmpty(proxy.FirstBytes);
        Assert.DoesNotContain(FirstByteProxy.TlsHandshake, proxy.FirstBytes);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task GetManifestAsync_InsecureHostWhosePortSpeaksTls_TlsIsTakenAfterThePlainRequestIsRefused()
    {
        // Given: a host declared insecure, with its port, that speaks TLS (a certificate the client cannot verify)
        using var proxy = new FirstByteProxy(fixture.Server(RegistryMode.Tls).Host);
        var config = Directory.CreateDirectory(Path.Combine(TestRoot.NewRunDirectory("first-request-tls"), "docker")).FullName;
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        File.WriteAllText(Path.Combine(config, "config.json"), $"{{\"auths\": {{\"{proxy.Host}\": {{\"auth\": \"{auth}\"}}}}}}");
        var emptyCerts = Directory.CreateDirectory(Path.Combine(config, "no-certs")).FullName;
        using var client = new RegistryClient(proxy.Host, new RegistryClientOptions
        {
            InsecureRegistries = new HashSet<string> { proxy.Host },
            CertsDirectory = emptyCerts,
            Credentials = new DockerCredentialStore(config),
        });

        // When
        var manifest = await client.GetManifestAsync(RegistryFixture.Repository, RegistryFixture.Tag, CancellationToken.None);

        // Then: the plain request went first (the TLS server answers it 400), then the handshake, which was taken
        Assert.Equal(manifest.Digest, Digest.Sha256(manifest.Bytes.Span));
        Assert.Equal(RegistryChannel.UnverifiedTls, client.Channel);
        Assert.NotEqual(FirstByteProxy.TlsHandshake, proxy.FirstBytes[0]);
        Assert.Contains(FirstByteProxy.TlsHandshake, proxy.FirstBytes);
    }

    [IntegrationFact("docker-registry", "htpasswd", "mmdebstrap", "umoci", "skopeo")]
    public async Task ImageScan_ByTag_FreshnessDoesNotAskTheTagAgain()
    {
        // Given: a registry scan by tag, freshness on (the default for registry: targets)
        using var proxy = new RecordingProxy(fixture.Server(RegistryMode.Plain).Host);
        var reference = $"{proxy.Host}/{RegistryFixture.Repository}:{RegistryFixture.Tag}";
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // When
        var exit = await Drydock.Cli.DrydockCli.RunAsync(
            ["image", "registry:" + reference, "--insecure-registry", proxy.Host, "--scanners", "controls", "--no-cache", "--quiet", "-f", "json"], stdout, stderr);

        // Then: the tag was asked once (the scan's GET), never by a HEAD; the report says the tag names the image scanned
        Assert.True(exit == 0, stderr.ToString());
        Assert.Single(proxy.Requests, r => r.EndsWith($"/manifests/{RegistryFixture.Tag}", StringComparison.Ordinal));
        Assert.DoesNotContain(proxy.Requests, r => r.StartsWith("HEAD ", StringComparison.Ordinal));
        Assert.Contains($"GET /v2/{RegistryFixture.Repository}/tags/list?n=1000", proxy.Requests);
        using var report = JsonDocument.Parse(stdout.ToString());
        var freshness = report.RootElement.GetProperty("freshness");
        Assert.False(freshness.GetProperty("stale").GetBoolean());
        Assert.Equal(JsonValueKind.Null, freshness.GetProperty("error").ValueKind);
        Assert.Equal(report.RootElement.GetProperty("image").GetProperty("id").GetString(), freshness.GetProperty("latestImageId").GetString());
    }

    private static RegistryClientOptions Options(RecordingProxy proxy) => new()
    {
        InsecureRegistries = new HashSet<string> { proxy.Host },
        Credentials = null,
    };
}
