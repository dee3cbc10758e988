using System.Text;
using Drydock.Images.Sources.Registry;

namespace Drydock.Tests.Images.Registry;

/// <summary>
/// Credential lookup as the Docker CLI does it, with fake <c>docker-credential-*</c> helper scripts on a temporary PATH
/// entry (the helper protocol: <c>get</c>, server URL on stdin, JSON on stdout).
/// </summary>
public sealed class DockerCredentialStoreTests : IClassFixture<FakeCredentialHelpers>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-dockercfg-").FullName;

    public DockerCredentialStoreTests(FakeCredentialHelpers helpers) => _ = helpers;

    [Fact]
    public async Task GetAsync_AuthsBase64_UserAndPassword()
    {
        // Given
        WriteConfig($$"""{"auths":{"127.0.0.1:5000":{"auth":"{{B64("alice:pa:ss")}}"} } }""");

        // When
        var credential = await new DockerCredentialStore(_dir).GetAsync("127.0.0.1:5000", CancellationToken.None);

        // Then: only the first ':' separates user from password
        Assert.Equal(new RegistryCredential("alice", "pa:ss"), credential);
        Assert.DoesNotContain("pa:ss", credential!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ManyCallersAtOnce_EveryOneGetsTheCredential()
    {
        // Given: one store shared by lookups that run at once (a scan's freshness, base and signature questions)
        WriteConfig($$"""{"auths":{"127.0.0.1:5000":{"auth":"{{B64("alice:pw")}}"} } }""");
        var store = new DockerCredentialStore(_dir);
        using var start = new Barrier(8);

        // When: eight first calls released together
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await store.GetAsync("127.0.0.1:5000", CancellationToken.None);
        })).ToArray();
        var credentials = await Task.WhenAll(calls);

        // Then: none saw the file as "not read yet" and went anonymous
        Assert.All(credentials, c => Assert.Equal(new RegistryCredential("alice", "pw"), c));
    }

    [Fact]
    public async Task GetAsync_DockerHub_UsesIndexV1Key()
    {
        // Given
        WriteConfig($$"""{"auths":{"https://index.docker.io/v1/":{"username":"bob","password":"pw"},"other.example":{"auth":"{{B64("x:y")}}"} } }""");

        // When
        var credential = await new DockerCredentialStore(_dir).GetAsync("docker.io", CancellationToken.None);

        // Then
        Assert.Equal(new RegistryCredential("bob", "pw"), credential);
    }

    [Fact]
    public async Task GetAsync_KeyWithSchemeAndPath_MatchedByHost()
    {
        // Given
        WriteConfig("""{"auths":{"https://registry.example:5000/v2/":{"identitytoken":"refresh-me"} } }""");

        // When
        var credential = await new DockerCredentialStore(_dir).GetAsync("registry.example:5000", CancellationToken.None);
        var other = await new DockerCredentialStore(_dir).GetAsync("registry.example", CancellationToken.None);

        // Then
        Assert.Equal("refresh-me", credential?.IdentityToken);
        Assert.Null(other);
    }

    [Fact]
    public async Task GetAsync_CredHelperForHost_RunsHelperWithServerUrl()
    {
        // Given: the helper wins over an auths entry for the same host
        WriteConfig($$"""{"credHelpers":{"ghcr.example":"drydocktest"},"auths":{"ghcr.example":{"auth":"{{B64("no:no")}}"} } }""");

        // When
        var credential = await new DockerCredentialStore(_dir).GetAsync("ghcr.example", CancellationToken.None);

        // Then: the fake helper answers user "helper-user" and a secret derived from the URL it read on stdin
        Assert.Equal(new RegistryCredential("helper-user", "secret-for-ghcr.example"), credential);
    }

    [Fact]
    public async Task GetAsync_CredsStoreForDockerHub_IdentityTokenConvention()
    {
        // Given
        WriteConfig("""{"credsStore":"drydocktest","auths":{"https://index.docker.io/v1/":{}}}""");

        // When
        var credential = await new DockerCredentialStore(_dir).GetAsync("docker.io", CancellationToken.None);

        // Then: the helper answers "<token>" for Docker Hub, which marks the secret as an identity token
        Assert.Equal(new RegistryCredential(null, null, "hub-identity-token"), credential);
    }

    [Fact]
    public async Task GetAsync_StoreSaysNotFound_FallsBackToAuthsThenAnonymous()
    {
        // Given
        WriteConfig($$"""{"credsStore":"drydockempty","auths":{"a.example":{"auth":"{{B64("u:p")}}"} } }""");
        var store = new DockerCredentialStore(_dir);

        // When
        var fromAuths = await store.GetAsync("a.example", CancellationToken.None);
        var anonymous = await store.GetAsync("b.example", CancellationToken.None);

        // Then
        Assert.Equal(new RegistryCredential("u", "p"), fromAuths);
        Assert.Null(anonymous);
    }

    [Fact]
    public async Task GetAsync_MissingHelperOrBadName_ClearError()
    {
        // Given
        WriteConfig("""{"credHelpers":{"a.example":"drydock-no-such-helper","b.example":"../evil"}}""");
        var store = new DockerCredentialStore(_dir);

        // When
        var missing = await Assert.ThrowsAsync<DrydockException>(() => store.GetAsync("a.example", CancellationToken.None));
        var evil = await Assert.ThrowsAsync<DrydockException>(() => store.GetAsync("b.example", CancellationToken.None));

        // Then
        Assert.Contains("docker-credential-drydock-no-such-helper is not on PATH", missing.Message, StringComparison.Ordinal);
        Assert.Contains("invalid credential helper name", evil.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_NoConfigFile_Anonymous()
    {
        // Given / When
        var credential = await new DockerCredentialStore(Path.Combine(_dir, "absent")).GetAsync("docker.io", CancellationToken.None);

        // Then
        Assert.Null(credential);
    }

    [Fact]
    public async Task GetAsync_InvalidJson_ErrorNamesFile()
    {
        // Given
        WriteConfig("{\"auths\": ");

        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => new DockerCredentialStore(_dir).GetAsync("docker.io", CancellationToken.None));

        // Then
        Assert.Contains(Path.Combine(_dir, "config.json"), error.Message, StringComparison.Ordinal);
    }

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(_dir, "config.json"), json);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

/// <summary>Puts fake credential helpers into a temporary directory prepended to PATH for this test class.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FakeCredentialHelpers : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drydock-credhelpers-").FullName;
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public FakeCredentialHelpers()
    {
        Write("docker-credential-drydocktest", """
            #!/bin/sh
            [ "$1" = get ] || exit 2
            read -r url
            case "$url" in
              https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"<token>","Secret":"hub-identity-token"}' "$url" ;;
              *) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"secret-for-%s"}' "$url" "$url" ;;
            esac
            """);
        Write("docker-credential-drydockempty", """
            #!/bin/sh
            echo "credentials not found in native keychain"
            exit 1
            """);
        Environment.SetEnvironmentVariable("PATH", _dir + ":" + _path);
    }

    private void Write(string name, string script)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_dir, recursive: true);
    }
}
