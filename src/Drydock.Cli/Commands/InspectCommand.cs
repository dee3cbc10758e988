using System.CommandLine;
using Drydock.Images;
using Drydock.Images.Inspection;
using Drydock.Images.Inspection.Listing;
using Drydock.Images.Layers;
using Drydock.Images.Sources;
using Drydock.Reports;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock inspect TARGET</c>: digest, id, platform, config, layers and history of an image, daemonless —
/// <c>docker images</c> + <c>docker history --no-trunc</c> for any transport.
/// </summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target")
        {
            Description = "The image: docker-archive:PATH[:REF|:@N], oci:DIR[:TAG], oci-archive:PATH[:TAG], docker:NAME, "
                + "registry:REF, a bare reference (nginx:1.27) or an existing path (sniffed).",
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: table (human) or json (schema in docs/report-schema.md, section inspect).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var platform = new Option<string?>("--platform")
        {
            Description = "Platform to pick from a multi-platform image, os/arch[/variant] (e.g. linux/arm64/v8). Default: this host's.",
        };
        var listFiles = new Option<bool>("--list-files")
        {
            Description = "Also list the final (squashed) file system: path, mode, uid:gid, size and the layer that wrote each entry. "
                + "Reads every layer (top first) and streams the list through temp files under --temp-dir, in bounded memory.",
        };
        var insecure = new Option<string[]>("--insecure-registry")
        {
            Description = "Registry HOST[:PORT] that may be reached over plain HTTP or unverified TLS (repeatable).",
        };

        var command = new Command("inspect", "Show an image's digest, id, platform, config, layers and history (history untruncated, each step with the layer it made).\n"
            + DrydockCli.ExitCodeHelp)
        {
            target, format, platform, listFiles, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ImageOpenOptions
            {
                Platform = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null,
                InsecureRegistries = (parse.GetValue(insecure) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
                // Warnings only: progress is not shown for a command this quick.
                Progress = new StderrProgress(parse.InvocationConfiguration.Error, quiet: true),
            };
            await using var image = await ImageSources.OpenAsync(parse.GetValue(target)!, options, RemoteSourceFactories.Default, cancellationToken);
            // Streamed from temp files in bounded memory (docs/security.md "Memory"), enumerated once by the writer.
            using var files = parse.GetValue(listFiles)
                ? await SquashedListing.ReadAsync(image, LayerWalkOptions.Default, options.Progress, cancellationToken)
                : null;
            var report = ImageInspector.Inspect(image, files);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(format) == "json")
                await InspectionJsonContext.WriteAsync(report, output, cancellationToken);
            else
                InspectionTableWriter.Write(report, output);
            return ExitCodes.Success;
        });
        return command;
    }
}
