using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Drydock.Images;
using Drydock.IntegrationTests.Controls;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Hosts;

/// <summary>
/// Tiny images for the host tests, cut from the integration image's mmdebstrap rootfs: dash as /bin/sh, sleep, cat and
/// the glibc they need (~2 MiB), plus an app layer with <c>/app/version</c> and, for a healthy build, <c>/app/ok</c>.
/// The image's HEALTHCHECK is <c>test -f /app/ok</c> every second, so a build without the file turns unhealthy in about
/// two seconds. Pushed with the distribution API (Docker v2 manifest + Docker config: the media type that carries
/// Healthcheck), so every build of a tag has a new manifest digest and image id.
/// </summary>
internal static class TinyAppImage
{
    /// <summary>Runs until SIGTERM (the trap makes a stop take milliseconds, not the 10 s kill timeout).</summary>
    public static readonly string[] Cmd = ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.2; done"];

    private static readonly string[] RootfsEntries =
    [
        "./bin", "./lib", "./lib64", "./usr/", "./usr/bin/", "./usr/bin/dash", "./usr/bin/sh", "./usr/bin/sleep", "./usr/bin/cat",
        "./usr/lib/", "./usr/lib/x86_64-linux-gnu/", "./usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
        "./usr/lib/x86_64-linux-gnu/libc.so.6", "./usr/lib64/", "./usr/lib64/ld-linux-x86-64.so.2",
    ];

    private static readonly Lazy<Task<(byte[] Gzip, Digest DiffId)>> Base = new(CutBaseLayerAsync);

    /// <summary>What a build pushed: the manifest digest (the repo digest) and the config digest (the engine's image id).</summary>
    public sealed record Pushed(string ManifestDigest, string ImageId);

    /// <summary>Pushes build <paramref name="version"/> of <c>repository:tag</c>; <paramref name="healthy"/> false leaves out /app/ok.</summary>
    public static async Task<Pushed> PushAsync(RegistryPush push, string repository, string tag, int version, bool healthy = true)
    {
        var (baseGzip, baseDiffId) = await Base.Value;
        var files = new List<(string, string)> { ("app/version", version + "\n") };
        if (healthy) files.Add(("app/ok", "ok\n"));
        var (appGzip, appDiffId) = AppLayer(files);
        var config = new Dictionary<string, object?>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["config"] = new Dictionary<string, object?>
            {
                ["Env"] = new[] { "PATH=/usr/bin:/bin", $"APP_VERSION={version}" },
                ["Cmd"] = Cmd,
                ["Labels"] = new Dictionary<string, string> { ["org.opencontainers.image.version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                // Durations are nanoseconds (Docker image spec v1.2 Healthcheck).
                ["Healthcheck"] = new Dictionary<string, object> { ["Test"] = new[] { "CMD-SHELL", "test -f /app/ok" }, ["Interval"] = 1_000_000_000L, ["Timeout"] = 2_000_000_000L, ["Retries"] = 1 },
            },
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = new[] { baseDiffId.ToString(), appDiffId.ToString() } },
            ["history"] = new[] { new Dictionary<string, string> { ["created_by"] = "tiny rootfs" }, new Dictionary<string, string> { ["created_by"] = $"COPY app/ /app/ (build {version})" } },
        };
        var configDescriptor = await push.BlobAsync(repository, JsonSerializer.SerializeToUtf8Bytes(config), MediaTypes.DockerConfig);
        var layers = new[] { await push.BlobAsync(repository, baseGzip, MediaTypes.DockerLayerGzip), await push.BlobAsync(repository, appGzip, MediaTypes.DockerLayerGzip) };
        var manifest = new Dictionary<string, object?>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.DockerManifest,
            ["config"] = TestImagePush.Describe(configDescriptor),
            ["layers"] = layers.Select(TestImagePush.Describe).ToArray(),
        };
        var pushed = await push.ManifestAsync(repository, tag, JsonSerializer.Serialize(manifest), MediaTypes.DockerManifest);
        return new Pushed(pushed.Digest, configDescriptor.Digest);
    }

    /// <summary>
    /// The app layer with an explicit 0755 <c>app/</c> entry: a directory only implied by its files is created 0700 by
    /// dockerd, and a container running as a non-root user could then not read <c>/app/ok</c>.
    /// </summary>
    private static (byte[] Gzip, Digest DiffId) AppLayer(IEnumerable<(string Path, string Content)> files)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var read = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            var exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "app/") { Mode = read | exec | UnixFileMode.UserWrite });
            foreach (var (path, text) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = read | UnixFileMode.UserWrite, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
        return Gzip(tar.ToArray());
    }

    private static (byte[] Gzip, Digest DiffId) Gzip(byte[] raw)
    {
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return (gz.ToArray(), Digest.Sha256(raw));
    }

    /// <summary>The base layer: the chosen entries of the test image's rootfs tar, copied as they are (symlinks included).</summary>
    private static async Task<(byte[] Gzip, Digest DiffId)> CutBaseLayerAsync()
    {
        await TestImages.EnsureBuiltAsync();
        var wanted = new HashSet<string>(RootfsEntries, StringComparer.Ordinal);
        using var tar = new MemoryStream();
        await using (var source = File.OpenRead(Path.Combine(TestImages.Directory, "rootfs.tar")))
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            using var reader = new TarReader(source);
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                if (wanted.Remove(entry.Name)) await writer.WriteEntryAsync(entry);
            }
        }
        if (wanted.Count > 0) throw new InvalidOperationException("the test rootfs lacks " + string.Join(", ", wanted));
        return Gzip(tar.ToArray());
    }
}
