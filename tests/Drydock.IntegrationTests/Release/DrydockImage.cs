using System.Security.Cryptography;
using System.Text;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// Drydock's own container image, built once by <c>scripts/build-image.sh</c> from a NativeAOT publish of this checkout
/// and cached under the test root, keyed by the commit and the uncommitted changes that go into it (the publish takes
/// minutes; a later run of the same source reuses it). A file lock keeps two test processes from building at once.
/// </summary>
internal static class DrydockImage
{
    public static readonly string[] Tools = ["buildah", "dpkg-deb", "apt-get", "clang", "git"];
    public const string Name = "drydock:0.1.0";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;

    /// <summary>The folder holding <c>drydock-image.docker.tar</c>, its SBOM, its gate report and <c>publish/</c>.</summary>
    public static async Task<string> EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_directory is not null) return _directory;
            var key = await SourceKeyAsync();
            var dir = TestRoot.Sub("images", "drydock-self", key);
            if (!File.Exists(Path.Combine(dir, ".complete")))
            {
                using var fileLock = await TestImages.LockAsync(Path.Combine(TestRoot.Directory, "images", ".drydock-self.lock"));
                if (!File.Exists(Path.Combine(dir, ".complete"))) await BuildAsync(dir);
            }
            return _directory = dir;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string Archive(string directory) => Path.Combine(directory, "drydock-image.docker.tar");

    private static async Task BuildAsync(string dir)
    {
        var root = SharedTestData.RepositoryRoot;
        var publish = Path.Combine(dir, "publish");
        await ExternalProcess.RunAsync("dotnet", ["publish", Path.Combine(root, "src", "Drydock.Cli"), "-c", "Release", "-r", "linux-x64",
            "-p:PublishAot=true", "-o", publish, "-nologo", "-v:q", "-clp:ErrorsOnly", "-m:1"], TimeSpan.FromMinutes(20));
        await ExternalProcess.RunAsync("bash", [Path.Combine(root, "scripts", "build-image.sh"), "--binary", publish, "--out", dir,
            "--source", "file://" + root], TimeSpan.FromMinutes(15),
            new Dictionary<string, string> { ["DEB_CACHE"] = TestRoot.Sub("images", "debs") });
        await File.WriteAllTextAsync(Path.Combine(dir, ".complete"), DateTime.UtcNow.ToString("O"));
    }

    /// <summary>HEAD plus a hash of the uncommitted changes to what is built into the image.</summary>
    private static async Task<string> SourceKeyAsync()
    {
        var root = SharedTestData.RepositoryRoot;
        var head = (await ExternalProcess.RunAsync("git", ["-C", root, "rev-parse", "HEAD"], TimeSpan.FromSeconds(30))).Trim();
        var diff = await ExternalProcess.RunAsync("git", ["-C", root, "diff", "HEAD", "--", "src", "scripts/build-image.sh",
            "Directory.Build.props", "Directory.Packages.props"], TimeSpan.FromSeconds(30));
        var changes = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(diff)))[..12];
        return head[..12] + "-" + changes;
    }
}
