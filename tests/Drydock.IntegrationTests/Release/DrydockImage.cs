using System.Security.Cryptography;
using System.Text;
using Drydock.IntegrationTests.Infrastructure;

namespace Drydock.IntegrationTests.Release;

/// <summary>
/// Drydock's own container image, built by <c>scripts/build-image.sh</c> from a NativeAOT publish of this checkout and
/// cached under the test root: the publish (minutes) keyed by the source that goes into it, the image by that key and
/// the script, so that a later run, or a commit that changed neither, reuses them. A file lock keeps two test processes
/// from building at once.
/// </summary>
internal static class DrydockImage
{
    public static readonly string[] Tools = ["buildah", "dpkg-deb", "apt-get", "clang", "git"];
    public const string Name = "drydock:0.1.0";
    private static readonly string[] SourcePaths = ["src", "Directory.Build.props", "Directory.Packages.props"];
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;

    /// <summary>The NativeAOT publish folder the image was built from (set by <see cref="EnsureBuiltAsync"/>).</summary>
    public static string? PublishDirectory { get; private set; }

    /// <summary>The folder holding <c>drydock-image.docker.tar</c>, its SBOM and its gate report.</summary>
    public static async Task<string> EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_directory is not null) return _directory;
            var root = SharedTestData.RepositoryRoot;
            var script = Path.Combine(root, "scripts", "build-image.sh");
            var publishKey = Hash(await GitAsync(["ls-tree", "-r", "HEAD", "--", .. SourcePaths]) + await GitAsync(["diff", "HEAD", "--", .. SourcePaths]));
            var publish = TestRoot.Sub("images", "drydock-self", "publish-" + publishKey);
            // The image carries the commit as its revision label and the checkout's path as its source label: a new commit
            // or another clone of the same commit is a new image, even when the binary is reused.
            var revision = (await GitAsync(["rev-parse", "HEAD"])).Trim();
            var dir = TestRoot.Sub("images", "drydock-self", "image-" + Hash(publishKey + revision + root + await File.ReadAllTextAsync(script)));
            using var fileLock = await TestImages.LockAsync(Path.Combine(TestRoot.Directory, "images", ".drydock-self.lock"));
            if (!File.Exists(Path.Combine(publish, ".complete")))
            {
                await ExternalProcess.RunAsync("dotnet", ["publish", Path.Combine(root, "src", "Drydock.Cli"), "-c", "Release", "-r", "linux-x64",
                    "-p:PublishAot=true", "-o", publish, "-nologo", "-v:q", "-clp:ErrorsOnly", "-m:1"], TimeSpan.FromMinutes(30));
                await File.WriteAllTextAsync(Path.Combine(publish, ".complete"), DateTime.UtcNow.ToString("O"));
            }
            if (!File.Exists(Path.Combine(dir, ".complete")))
            {
                await ExternalProcess.RunAsync("bash", [script, "--binary", publish, "--out", dir, "--source", "file://" + root],
                    TimeSpan.FromMinutes(15), new Dictionary<string, string> { ["DEB_CACHE"] = TestRoot.Sub("images", "debs") });
                await File.WriteAllTextAsync(Path.Combine(dir, ".complete"), DateTime.UtcNow.ToString("O"));
            }
            PublishDirectory = publish;
            return _directory = dir;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string Archive(string directory) => Path.Combine(directory, "drydock-image.docker.tar");

    private static Task<string> GitAsync(string[] args) =>
        ExternalProcess.RunAsync("git", ["-C", SharedTestData.RepositoryRoot, .. args], TimeSpan.FromSeconds(30));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
