using System.CommandLine;
using Drydock.Hosts.Audit;
using Drydock.Reports;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host audit</c>: parse, audit the engines, write the report, decide the exit code.</summary>
internal static class HostAuditCommand
{
    public static Command Create()
    {
        var audit = new HostAuditArguments("Gate: a container whose image was created more than DAYS days ago fails DRYDOCK-MAX-AGE.");
        var format = new Option<string>("--format", "-f") { Description = "Report format: table, json or sarif (SARIF 2.1.0: failed checks located by host and container).", DefaultValueFactory = _ => "table" };
        var output = CommonOptions.Output();
        var reportTo = HostOptions.ReportTo("the audit");
        var token = HostOptions.Token();
        var exitCode = new Option<int>("--exit-code") { Description = "Exit code when any container is stale or over --max-age (default 0: report only).", DefaultValueFactory = _ => 0 };
        var command = new Command("audit",
            "Audit every container (running or not) and every local image of one or more Docker engines: image reference, digest in use, the latest " +
            "digest of its tag (registry HEAD, nothing is pulled), stale/current/unknown, age, vulnerabilities by severity (the scan pipeline on " +
            "docker:<image id>, layer-cached; n/a without a database), base image trust (CIS 4.2), and containers whose image " +
            "no tag refers to any more. Hosts are audited concurrently and merged into one report; an unreachable host is listed with its error, " +
            "and the exit code is 3 when every host failed or the vulnerability scan of an image failed (the report is written first).\n" + DrydockCli.ExitCodeHelp)
        {
            format, output, exitCode, reportTo, token,
        };
        foreach (var o in audit.All) command.Options.Add(o);
        command.Options.Add(audit.HostTimeout);
        var dbRepository = DbRepositoryOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var fmt = parse.GetValue(format) is "sarif" ? "sarif" : HostOptions.CheckFormat(parse.GetValue(format)!, "table, json or sarif");
            var policy = CommonOptions.LoadPolicy(parse.GetValue(audit.Policy));
            var server = HostOptions.ReportTarget(parse, reportTo, token, Server.Agents.AuditUploader.Path);
            // With a database repository (--db-repository, $DRYDOCK_DB_REPOSITORY, the policy), the database is pulled when missing or too old, as for 'image'.
            if (dbRepository.Repository(parse, policy) is not null)
            {
                await dbRepository.EnsureDatabaseAsync(parse, Drydock.Vulnerabilities.Database.DatabaseLocation.Resolve(parse.GetValue(audit.Database)), policy,
                    new HashSet<string>(parse.GetValue(audit.Insecure) ?? [], StringComparer.OrdinalIgnoreCase), new StderrProgress(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet)), ct);
            }
            var report = await audit.RunAsync(parse, policy, TimeProvider.System, ct);
            await HostOptions.WriteAsync(fmt == "table" ? "table" : "json",
                s => (fmt == "sarif" ? (Action<HostAuditReport, Stream>)HostAuditSarifWriter.Write : HostAuditJsonWriter.Write)(report, s), w => HostAuditTableWriter.Write(report, w),
                parse.GetValue(output), parse.InvocationConfiguration.Output, ct);
            if (server is { } target)
            {
                using var json = new MemoryStream();
                HostAuditJsonWriter.Write(report, json);
                await Server.Agents.AuditUploader.SendAsync(target.Endpoint, target.Token, json.ToArray(), ct);
            }
            if (report.Hosts.Count > 0 && report.Hosts.All(h => h.Error is not null))
                throw new DrydockException($"no host could be audited: {string.Join("; ", report.Hosts.Select(h => $"{h.Host}: {h.Error}"))}");
            // An image whose scan failed was not checked: the report says so, and the audit does not end in success.
            var failedScans = report.FailedScans();
            foreach (var failed in failedScans) await parse.InvocationConfiguration.Error.WriteLineAsync($"drydock: vulnerability scan failed, image not checked: {failed}");
            if (failedScans.Count > 0) return ExitCodes.RuntimeError;
            return report.Containers.Any(AuditVerdicts.Gated) ? parse.GetValue(exitCode) : 0;
        });
        return command;
    }
}
