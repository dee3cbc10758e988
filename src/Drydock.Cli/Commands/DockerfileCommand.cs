using System.CommandLine;
using Drydock.Controls.Dockerfile;
using Drydock.Policy;
using Drydock.Inventory;
using Drydock.Reports;
using Drydock.Scanning;
using Drydock.Scanning.Gate;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock dockerfile PATH</c>: the CIS image controls a Dockerfile can show, before it is built.</summary>
internal static class DockerfileCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("PATH") { Description = "The Dockerfile to check." };
        var policy = CommonOptions.Policy();
        var format = CommonOptions.Format();
        var output = CommonOptions.Output();
        var extra = CommonOptions.ExtraOutputs();
        var severity = CommonOptions.Severity();
        var exitCode = CommonOptions.ExitCode();
        var command = new Command("dockerfile",
            "Check a Dockerfile against the CIS 4.x controls it can show (USER, trusted and pinned FROM, unnecessary packages, HEALTHCHECK, " +
            "update alone, setuid chmod, ADD, secrets in ENV/ARG/RUN, unverified installs), with line numbers.\n" + DrydockCli.ExitCodeHelp)
        {
            path, policy, format, output, extra, severity, exitCode,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            if (!File.Exists(file)) throw new UsageException($"Dockerfile '{file}' does not exist");
            var rules = CommonOptions.LoadPolicy(parse.GetValue(policy));
            var results = DockerfileAudit.Evaluate(DockerfileParser.Parse(await File.ReadAllTextAsync(file, ct)), rules);
            var gateOptions = CommonOptions.Gate(parse, rules, severity, exitCode);
            var inventory = new ImageInventory { Os = OsInfo.Unknown };
            var (_, gate, _) = GateEvaluator.Evaluate([], results, inventory, endOfLife: false, null, gateOptions, TimeProvider.System);
            var report = new ScanReport
            {
                ToolVersion = ToolInfo.Version,
                GeneratedAt = TimeProvider.System.GetUtcNow(),
                Image = new ImageSummary { Target = SarifReportWriter.DockerfileTargetPrefix + file, Id = "", Platform = "" },
                Inventory = inventory,
                Controls = results,
                Gate = gate,
            };
            await ReportOutputs.WriteAsync(report, parse.GetValue(format)!, parse.GetValue(output), parse.GetValue(extra) ?? [], parse.InvocationConfiguration.Output, ct);
            return gate.ExitCode;
        });
        return command;
    }
}
