using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Controls;

/// <summary>
/// Two images built with buildah (chroot isolation, vfs storage, Docker format so HEALTHCHECK survives) on the shared
/// Debian test image: one with a known violation of each CIS 4.x control, and a clean twin. Pushed once per registry.
/// </summary>
internal static class BuiltControlImages
{
    public static readonly string[] Tools = ["buildah", .. RegistryFixture.Tools];
    public const string Violating = "controls/violating";
    public const string Clean = "controls/clean";

    /// <summary>Shaped like an AWS access key id (not AWS's documented example, which secret scanners allow-list).</summary>
    public const string AwsKey = "AKIAZ7Q3M4N5P6R2T8VW";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<string> Pushed = [];

    // The base runs as 1000:1000, so RUN steps switch to root first. It is Debian's essential set, without apt: "apt-get update" is what the history records (CIS 4.7 reads the
    // step, not its effect), so "|| true" keeps the build going.
    private static string ViolatingFile(string from) => $$"""
        FROM {{from}}
        USER root
        ENV AWS_ACCESS_KEY_ID={{AwsKey}}
        ADD local.txt /app/local.txt
        RUN apt-get update || true
        RUN mkdir -p /etc/apt/sources.list.d && echo 'deb [trusted=yes] http://deb.example.invalid/debian bookworm main' > /etc/apt/sources.list.d/extra.list
        RUN cp /bin/true /usr/local/bin/suid-helper && chmod 4755 /usr/local/bin/suid-helper
        RUN printf '\nPackage: openssh-server\nStatus: install ok installed\nPriority: optional\nSection: net\nInstalled-Size: 1\nMaintainer: Debian OpenSSH Maintainers <debian-ssh@lists.debian.org>\nArchitecture: amd64\nSource: openssh\nVersion: 1:9.2p1-2+deb12u3\nDescription: secure shell (SSH) server\n' >> /var/lib/dpkg/status
        USER root
        CMD ["/bin/sh"]
        """;

    private static string CleanFile(string from) => $$"""
        FROM {{from}}
        USER root
        COPY local.txt /app/local.txt
        RUN find / -xdev -type f -perm /6000 -exec chmod ug-s {} +
        USER 1000:1000
        HEALTHCHECK --interval=30s --timeout=3s CMD test -f /app/local.txt || exit 1
        CMD ["/bin/sh"]
        """;

    /// <summary>Builds (once per process) and pushes both images to the registry as <c>:1</c>.</summary>
    public static async Task EnsurePushedAsync(string host)
    {
        await Gate.WaitAsync();
        try
        {
            if (Pushed.Contains(host)) return;
            await TestImages.EnsureBuiltAsync();
            var dir = TestRoot.NewRunDirectory("buildah");
            var context = Directory.CreateDirectory(Path.Combine(dir, "context")).FullName;
            await File.WriteAllTextAsync(Path.Combine(context, "local.txt"), "hello\n");
            var from = $"oci:{TestImages.OciLayout}:{TestImages.Tag}";
            await File.WriteAllTextAsync(Path.Combine(context, "Violating"), ViolatingFile(from));
            await File.WriteAllTextAsync(Path.Combine(context, "Clean"), CleanFile(from));
            string[] storage = ["--root", Path.Combine(dir, "root"), "--runroot", Path.Combine(dir, "run"), "--storage-driver", "vfs"];
            try
            {
                await BuildAndPushAsync(storage, context, host);
            }
            finally
            {
                // vfs keeps a full copy of the root file system per layer: hundreds of MiB per build
                await ExternalProcess.RunAsync("buildah", [.. storage, "rm", "-a"], TimeSpan.FromMinutes(2));
                await ExternalProcess.RunAsync("buildah", [.. storage, "rmi", "-a", "-f"], TimeSpan.FromMinutes(2));
                Directory.Delete(dir, recursive: true);
            }
            Pushed.Add(host);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task BuildAndPushAsync(string[] storage, string context, string host)
    {
        foreach (var (file, repository) in new[] { ("Violating", Violating), ("Clean", Clean) })
        {
            var tag = $"localhost/{repository}:1";
            await ExternalProcess.RunAsync("buildah", [.. storage, "bud", "--isolation", "chroot", "--format", "docker", "--layers", "-q", "-t", tag, "-f", Path.Combine(context, file), context], TimeSpan.FromMinutes(5));
            await ExternalProcess.RunAsync("buildah", [.. storage, "push", "--tls-verify=false", "-q", tag, $"docker://{host}/{repository}:1"], TimeSpan.FromMinutes(5));
        }
    }
}
