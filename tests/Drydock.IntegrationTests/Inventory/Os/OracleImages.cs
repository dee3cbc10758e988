using Drydock.IntegrationTests.Infrastructure;
using Drydock.Testing;

namespace Drydock.IntegrationTests.Inventory.Os;

/// <summary>
/// The package-inventory oracle images, each built once by <c>scripts/it/build-oracle-images.sh OUT PART</c> from real
/// packages and cached under the test root (<c>images/oracle/PART</c>); a part is rebuilt when its <c>.complete</c>
/// marker is missing. A file lock keeps two test processes from building the same part at once.
/// </summary>
internal static class OracleImages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string Root { get; } = TestRoot.Sub("images", "oracle");

    /// <summary>
    /// Builds <paramref name="part"/> (rpm ~3 s, apk ~2 s, lang ~3 s with the npm registry, deb ~15 s on top of
    /// <paramref name="source"/>, the mmdebstrap image's layout) unless cached; returns its folder.
    /// </summary>
    public static async Task<string> EnsureBuiltAsync(string part, string? source = null)
    {
        var dir = Path.Combine(Root, part);
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(dir, ".complete"))) return dir;
            using var fileLock = await TestImages.LockAsync(Path.Combine(Root, $".{part}.lock"));
            if (File.Exists(Path.Combine(dir, ".complete"))) return dir;
            var script = Path.Combine(SharedTestData.RepositoryRoot, "scripts", "it", "build-oracle-images.sh");
            await ExternalProcess.RunAsync("bash", [script, Root, part, .. source is null ? Array.Empty<string>() : [source]], TimeSpan.FromMinutes(5));
            return dir;
        }
        finally
        {
            Gate.Release();
        }
    }
}
