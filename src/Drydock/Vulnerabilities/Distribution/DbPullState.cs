using System.Globalization;
using Drydock.Images;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// What the last pull installed, beside the database (<c>&lt;db&gt;.pulled</c>, two lines: the manifest digest and when
/// the registry was last asked, ISO 8601). A pull whose manifest digest is the installed one downloads nothing, and the
/// time lets <c>--db-max-age</c> count from the last check, not only from the build.
/// </summary>
internal sealed record DbPullState(Digest Manifest, DateTimeOffset CheckedAt)
{
    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".pulled";

    /// <summary>The state, or null when absent or unreadable (a pull then simply happens).</summary>
    public static DbPullState? Read(string databasePath)
    {
        try
        {
            var lines = File.ReadAllLines(PathFor(databasePath));
            return lines.Length >= 2 && Digest.TryParse(lines[0], out var digest)
                && DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? new DbPullState(digest, at) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task WriteAsync(string databasePath, CancellationToken cancellationToken) =>
        SafeFileWriter.WriteAllTextAsync(PathFor(databasePath), $"{Manifest}\n{CheckedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}\n", cancellationToken);
}
