using Drydock.Testing;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// The real Debian image every integration test reads, built once by <c>scripts/it/build-test-image.sh</c>
/// (mmdebstrap essential + umoci + skopeo exports) and cached under the test root; rebuilt when the
/// <c>.complete</c> marker is missing. A file lock keeps two test processes from building at once.
/// </summary>
internal static class TestImages
{
    public static readonly string[] Tools = ["mmdebstrap", "umoci", "skopeo"];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string Directory { get; } = TestRoot.Sub("images", "debian-essential");

    public static string OciLayout => Path.Combine(Directory, "oci");
    public static string OciZstdLayout => Path.Combine(Directory, "oci-zstd");
    public static string DockerArchive => Path.Combine(Directory, "app.docker.tar");
    public static string OciArchive => Path.Combine(Directory, "app.oci.tar");
    public const string Tag = "1";

    /// <summary>Builds the image unless a complete build is cached (first build: ~15–100 s, depending on the mirror and load).</summary>
    public static async Task EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Directory, ".complete"))) return;
            using var fileLock = await LockAsync(Path.Combine(TestRoot.Directory, "images", ".build.lock"));
            if (File.Exists(Path.Combine(Directory, ".complete"))) return;
            var script = Path.Combine(SharedTestData.RepositoryRoot, "scripts", "it", "build-test-image.sh");
            await ExternalProcess.RunAsync("bash", [script, Directory], TimeSpan.FromMinutes(10));
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>An exclusive lock file that another test process building the same thing is waiting on (10 min at most).</summary>
    internal static async Task<FileStream> LockAsync(string path)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (i < 1200)
            {
                await Task.Delay(500); // another test process is building
            }
        }
    }
}
