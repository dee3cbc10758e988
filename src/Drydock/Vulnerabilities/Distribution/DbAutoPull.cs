using Drydock.Images;
using Drydock.Vulnerabilities.Database;
using Microsoft.Data.Sqlite;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// <c>--db-repository</c> on a verb that reads the database: a local database younger than the maximum age (counted
/// from its build, or from the last pull that found it current, whichever is later) is used without a request; otherwise
/// it is pulled, under the pull lock, after checking again (a parallel job may just have pulled it). When the pull fails
/// and a database exists, that one is used and the failure is said; without one the failure is the verb's error.
/// </summary>
public static class DbAutoPull
{
    public static async Task<DbAutoPullOutcome> EnsureAsync(string databasePath, ImageReference repository, TimeSpan maxAge, DbPuller puller,
        TimeProvider time, IProgressSink progress, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(puller);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(progress);
        if (IsFresh(databasePath, maxAge, time)) return DbAutoPullOutcome.Fresh;
        using var pullLock = await DbPullLock.AcquireAsync(databasePath, lockTimeout, progress, time, cancellationToken);
        if (IsFresh(databasePath, maxAge, time)) return DbAutoPullOutcome.Fresh;
        try
        {
            var result = await puller.PullLockedAsync(databasePath, repository, cancellationToken);
            progress.Warn(result.UpToDate
                ? $"vulnerability database {repository} is unchanged ({result.Manifest.Short})"
                : $"vulnerability database pulled from {repository} ({result.Manifest.Short}): {result.Downloaded} of {result.Layers} feed layers downloaded");
            return DbAutoPullOutcome.Pulled;
        }
        catch (DrydockException e) when (File.Exists(databasePath))
        {
            progress.Warn(e.Message);
            return DbAutoPullOutcome.Kept;
        }
    }

    /// <summary>True when the database exists, is readable, and was built or confirmed current less than <paramref name="maxAge"/> ago.</summary>
    public static bool IsFresh(string databasePath, TimeSpan maxAge, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(databasePath)) return false;
        DateTimeOffset? built;
        try
        {
            using var store = SqliteAdvisoryStore.Open(databasePath);
            built = store.BuiltAt;
        }
        catch (Exception e) when (e is DrydockException or SqliteException)
        {
            return false;
        }
        var checkedAt = DbPullState.Read(databasePath)?.CheckedAt;
        var latest = new[] { built, checkedAt }.Max();
        return latest is { } at && time.GetUtcNow() - at < maxAge;
    }
}

public enum DbAutoPullOutcome
{
    /// <summary>The local database was young enough: no request was made.</summary>
    Fresh,

    /// <summary>The repository was asked; the database installed is its current one.</summary>
    Pulled,

    /// <summary>The pull failed; the existing database is used (the failure was reported as a warning).</summary>
    Kept,
}
