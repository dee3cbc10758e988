using System.Net;
using System.Security.Cryptography.X509Certificates;
using Drydock.Server.Api;
using Drydock.Server.Harbor;
using Drydock.Server.Queue;
using Drydock.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drydock.Server.Hosting;

/// <summary>
/// Runs one <c>drydock server</c> process until it is cancelled (SIGINT/SIGTERM): connects to
/// PostgreSQL (refusing to start without it), migrates the schema, makes sure an admin token exists, then serves the
/// API and runs the workers and the maintenance loop.
/// </summary>
public static class ServerHost
{
    public static async Task RunAsync(ServerOptions options, TextWriter stderr, CancellationToken ct)
    {
        if (options.Listen is null && options.Workers == 0) throw new UsageException("--no-worker without --listen leaves nothing to do");
        if ((options.TlsCertificate is null) != (options.TlsKey is null)) throw new UsageException("--tls-cert and --tls-key go together");
        if (options.DatabasePath is { } db && !File.Exists(db)) throw new UsageException($"--db {db}: no such file (run 'drydock db update --db {db}' first)");
        var certificate = options.TlsCertificate is { } cert ? LoadCertificate(cert, options.TlsKey!) : null;

        var log = new ServerLog(stderr, TimeProvider.System);
        await using var database = await ServerDatabase.OpenAsync(options.Postgres, ct);
        var s = new ServerServices(database, options, log);
        if (await s.Tokens.BootstrapAsync(options.BootstrapToken, ct) is { } generated)
            log.Write($"no admin token existed: generated one, shown this once: {generated}");
        foreach (var hook in options.Webhooks) await WebhookStore.AddAsync(database.Source, hook, ct);
        log.Write($"instance {s.Instance}: schema current, vulnerability database " +
                  (options.DatabasePath is null ? "none (scans give inventories and control verdicts only)" : $"{options.DatabasePath} version {s.Runner.DatabaseVersion()}") +
                  $", {options.Workers} worker(s)");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var webhookClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var background = new List<Task> { MaintainAsync(s, stop.Token) };
        background.AddRange(Rematch.RematchServices.Start(s, webhookClient, stop.Token));
        for (var i = 0; i < options.Workers; i++)
            background.Add(new ScanWorker($"{s.Instance}/w{i + 1}", s.Instance, pinnedOnly: false, s.Queue, s.Results, s.Runner, s.Vault, options.JobLease, log).RunAsync(stop.Token));
        // Harbor scans that brought credentials run where the credentials are, even in an API-only process.
        if (options.Workers == 0 && options.Listen is not null)
            background.Add(new ScanWorker($"{s.Instance}/pinned", s.Instance, pinnedOnly: true, s.Queue, s.Results, s.Runner, s.Vault, options.JobLease, log).RunAsync(stop.Token));

        try
        {
            if (options.Listen is { } listen)
            {
                await using var app = Build(s, listen, certificate);
                await app.StartAsync(ct);
                log.Write($"listening on {(certificate is null ? "http" : "https")}://{listen}");
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await app.StopAsync(CancellationToken.None);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(background).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            log.Write("stopped");
        }
    }

    private static WebApplication Build(ServerServices s, ListenAddress listen, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions o)
            {
                if (certificate is not null) o.UseHttps(certificate);
            }
            if (IPAddress.TryParse(listen.Host, out var address)) k.Listen(address, listen.Port, Configure);
            else if (listen.Host == "localhost") k.ListenLocalhost(listen.Port, Configure);
            else k.ListenAnyIP(listen.Port, Configure);
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Npgsql.NpgsqlException e) when (!context.Response.HasStarted)
            {
                s.Log.Write($"{context.Request.Method} {context.Request.Path}: PostgreSQL error: {e.Message}");
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Database unavailable", "the server cannot reach PostgreSQL right now; retry later");
            }
        });
        DrydockApi.Map(app, s);
        HarborApi.Map(app, s);
        Dashboard.DashboardApi.Map(app, s);
        Webhooks.WebhookApi.Map(app, s);
        app.MapFallback(context => Problems.NotFound(context, $"no endpoint {context.Request.Method} {context.Request.Path}; see GET /api/v1/openapi.json"));
        return app;
    }

    private static X509Certificate2 LoadCertificate(string cert, string key)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"--tls-cert {cert} / --tls-key {key}: cannot load the certificate: {e.Message}");
        }
    }

    /// <summary>Every minute (or lease, when shorter): fail pinned jobs whose process died, and apply retention.</summary>
    private static async Task MaintainAsync(ServerServices s, CancellationToken ct)
    {
        var period = s.Options.JobLease < TimeSpan.FromMinutes(1) ? s.Options.JobLease : TimeSpan.FromMinutes(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var orphaned = await s.Queue.FailOrphanedPinnedAsync(s.Instance, s.Options.JobLease, ct);
                if (orphaned > 0) s.Log.Write($"{orphaned} scan(s) failed: the process holding their registry credentials stopped");
                var deleted = await s.Retention.SweepAsync(ct);
                if (deleted.Values.Sum() > 0) s.Log.Write("retention removed " + string.Join(", ", deleted.Where(d => d.Value > 0).Select(d => $"{d.Value} {d.Key}")));
            }
            catch (Npgsql.NpgsqlException e)
            {
                s.Log.Write($"maintenance: {e.Message}");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(period, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
