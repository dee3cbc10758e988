namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// One pull at a time per database file, across processes: an exclusive lock on <c>&lt;db&gt;.pull-lock</c> (on Linux,
/// .NET takes it with <c>flock</c> for <see cref="FileShare.None"/>; the kernel drops it when a killed process's file
/// closes, so a crash never leaves it held). The lock file stays; it holds nothing.
/// </summary>
internal sealed class DbPullLock : IDisposable
{
    private readonly FileStream _file;

    private DbPullLock(FileStream file) => _file = file;

    /// <summary>Waits for the lock until <paramref name="timeout"/> has passed on <paramref name="time"/>, then gives up with a <see cref="DrydockException"/>.</summary>
    public static async Task<DbPullLock> AcquireAsync(string databasePath, TimeSpan timeout, IProgressSink progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(databasePath) + ".pull-lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = time.GetUtcNow() + timeout;
        var said = false;
        while (true)
        {
            try
            {
                return new DbPullLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (time.GetUtcNow() < deadline)
            {
                if (!said) progress.Warn($"another drydock is installing {databasePath}; waiting for it");
                said = true;
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (IOException e)
            {
                throw new DrydockException($"{databasePath} stayed locked by another drydock for {timeout.TotalMinutes:0} min ({path}): {e.Message}");
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
