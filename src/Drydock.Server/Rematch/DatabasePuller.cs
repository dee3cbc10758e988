using Drydock.Images;
using Drydock.Server.Queue;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Server.Rematch;

/// <summary>
/// The periodic <c>--db-repository</c> pull (<c>--db-pull-interval</c>): what the server should pull and how often.
/// The pull installs the new file by rename over <c>--db</c>, which the <see cref="DatabaseWatcher"/> then notices.
/// </summary>
public sealed record DatabasePullSettings(ImageReference Repository, DbPuller Puller, TimeSpan Interval);

/// <summary>
/// Pulls the team's database every <see cref="DatabasePullSettings.Interval"/> (the first pull one interval after start:
/// the CLI pulled at start already). An up-to-date artifact costs one manifest request; a failed pull keeps the old file
/// and is logged, and the next interval tries again.
/// </summary>
internal sealed class DatabasePuller(string path, DatabasePullSettings settings, ServerLog log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(settings.Interval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ct.IsCancellationRequested) return;
            try
            {
                var result = await settings.Puller.PullAsync(path, settings.Repository, ct);
                if (!result.UpToDate)
                    log.Write($"db pull: {settings.Repository} ({result.Manifest}) built {result.BuiltAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} installed at {path}, {result.Downloaded} of {result.Layers} layer(s) downloaded");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DrydockException or IOException or HttpRequestException or UnauthorizedAccessException)
            {
                log.Write($"db pull: {settings.Repository}: {e.Message}; the database at {path} is kept, next try in {settings.Interval}");
            }
        }
    }
}
