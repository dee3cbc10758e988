using Drydock.Server.Hosting;
using Drydock.Server.Webhooks;

namespace Drydock.Server.Rematch;

/// <summary>
/// Starts this process's part of re-matching and notifying (docs/server.md "Re-match", "Webhooks"): the <c>--db</c>
/// watch (every process), as many re-match workers as scan workers, and one webhook sender (every process).
/// </summary>
internal static class RematchServices
{
    public static IReadOnlyList<Task> Start(ServerServices s, HttpClient webhookClient, CancellationToken ct)
    {
        var tasks = new List<Task>();
        var queue = new RematchQueue(s.Database);
        if (s.Options.DatabasePath is { } path)
        {
            tasks.Add(new DatabaseWatcher(path, s.Runner, queue, s.Log).RunAsync(ct));
            if (s.Options.DatabasePull is { } pull) tasks.Add(new DatabasePuller(path, pull, s.Log).RunAsync(ct));
            var rematcher = new BatchRematcher(s.Database, path, TimeProvider.System, s.Log, s.Options.WebhookMaxNotifications);
            for (var i = 0; i < s.Options.Workers; i++)
                tasks.Add(new RematchWorker($"{s.Instance}/r{i + 1}", queue, rematcher, s.Options.JobLease, s.Log).RunAsync(ct));
        }
        tasks.Add(new WebhookSender(s.Database, webhookClient, $"{s.Instance}/webhooks", s.Options.WebhookBackoff, s.Log).RunAsync(ct));
        return tasks;
    }
}
