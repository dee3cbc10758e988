using System.CommandLine;
using Drydock.Images;
using Drydock.Scanning;
using Drydock.Scanning.Cache;
using Drydock.Scanning.Pipeline;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock sbom TARGET</c>: the image's inventory as CycloneDX 1.6 or SPDX 2.3 JSON.</summary>
internal static class SbomCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("TARGET") { Description = "The image (same grammar as drydock image)." };
        var format = new Option<string>("--format", "-f") { Description = "cyclonedx (CycloneDX 1.6 JSON) or spdx-json (SPDX 2.3 JSON).", DefaultValueFactory = _ => "cyclonedx" };
        var output = CommonOptions.Output();
        var platform = new Option<string?>("--platform") { Description = "Platform to pick from a multi-platform image: os/arch[/variant]." };
        var insecure = new Option<string[]>("--insecure-registry") { Description = "Registry HOST[:PORT] that may be reached over plain HTTP (repeatable)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write the layer analysis cache." };
        var command = new Command("sbom", "Write the image's software bill of materials: the OS and every package with its purl, licenses, layer and dependencies.\n" + DrydockCli.ExitCodeHelp)
        {
            target, format, output, platform, insecure, noCache,
        };
        command.SetAction(async (parse, ct) =>
        {
            var f = parse.GetValue(format)!.ToLowerInvariant();
            if (f is not ("cyclonedx" or "spdx-json")) throw new UsageException($"unknown SBOM format '{f}' (expected cyclonedx or spdx-json)");
            using var progress = StderrProgress.For(parse.InvocationConfiguration.Error, parse.GetValue(DrydockCli.Quiet));
            var platformWanted = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null;
            var parsedTarget = Images.Targets.TargetParser.Parse(parse.GetValue(target)!);
            // An SBOM is the inventory alone: no database, no controls, no registry lookups.
            using var scanner = new ImageScanner(ScannerParts.Default(new ScannerSettings
            {
                CachePath = parse.GetValue(noCache) ? null : LayerCache.DefaultPath,
                InsecureRegistries = (parse.GetValue(insecure) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
                Clock = ReproducibleClock.FromEnvironment(),
            }));
            var report = await scanner.ScanAsync(new ScanRequest
            {
                Target = parsedTarget,
                Platform = platformWanted,
                MatchVulnerabilities = false,
                RunControls = false,
                Progress = progress,
            }, ct);
            progress.Finish();
            foreach (var w in report.Warnings) progress.Warn(w);
            CoverageWarnings.Warn(report.Coverage, progress);
            await ReportOutputs.WriteAsync(report with { Gate = null }, f, parse.GetValue(output), [], parse.InvocationConfiguration.Output, ct);
            return 0;
        });
        return command;
    }
}
