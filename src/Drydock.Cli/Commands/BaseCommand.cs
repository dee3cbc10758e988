using System.CommandLine;
using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock base add|list|remove</c>: the local base-image catalogue that CIS 4.2 uses to identify an image's base by
/// its layer chain (the longest catalogued base whose diff ids are a prefix of the image's), without asking a registry.
/// </summary>
internal static class BaseCommand
{
    public static Command Create()
    {
        var catalog = new Option<string?>("--catalog")
        {
            Description = "The catalogue file. Default: bases.json in the cache root ($DRYDOCK_CACHE_DIR, else $XDG_CACHE_HOME/drydock, else ~/.cache/drydock).",
            Recursive = true,
        };
        var command = new Command("base", "Manage the local catalogue of base images used to identify an image's base (CIS 4.2).\n" + DrydockCli.ExitCodeHelp)
        {
            catalog, Add(catalog), List(catalog), Remove(catalog),
        };
        return command;
    }

    private static BaseCatalog Open(ParseResult parse, Option<string?> catalog) => new(parse.GetValue(catalog) ?? BaseCatalog.DefaultPath);

    private static Command Add(Option<string?> catalog)
    {
        var target = new Argument<string>("target")
        {
            Description = "The base image: a reference (debian:12-slim, registry:REF) or any target (oci:DIR[:TAG], docker-archive:PATH, docker:NAME).",
        };
        var asReference = new Option<string?>("--as")
        {
            Description = "The reference to record it under (required when the target has no reference, e.g. an archive without a tag).",
        };
        var platform = new Option<string?>("--platform")
        {
            Description = "Platform to pick from a multi-platform base, os/arch[/variant]. Default: this host's.",
        };
        var insecure = new Option<string[]>("--insecure-registry")
        {
            Description = "Registry host[:port] to reach over plain HTTP or without TLS verification (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("add", "Read a base image and record its reference, manifest digest and layer diff ids in the catalogue.")
        {
            target, asReference, platform, insecure,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ImageOpenOptions
            {
                Platform = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null,
                InsecureRegistries = new HashSet<string>(parse.GetValue(insecure) ?? [], StringComparer.OrdinalIgnoreCase),
            };
            await using var image = await ImageSources.OpenAsync(parse.GetValue(target)!, options, RemoteSourceFactories.Default, cancellationToken);
            var name = parse.GetValue(asReference) ?? image.Reference?.ToString()
                ?? throw new UsageException($"'{parse.GetValue(target)}' has no image reference; name it with --as REF");
            if (!ImageReference.TryParse(name, out var reference, out var error))
                throw new UsageException($"--as '{name}': {error}");
            var entry = new BaseCatalogEntry((reference with { Digest = null }).ToString(), image.ManifestDigest?.ToString(),
                image.Layers.Select(l => l.DiffId.ToString()).ToList(), DateTimeOffset.UtcNow);
            var store = Open(parse, catalog);
            store.Add(entry);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"added {entry.Reference}{(entry.Digest is null ? "" : "@" + entry.Digest)} ({entry.DiffIds.Count} layer(s)) to {store.Path}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(Option<string?> catalog)
    {
        var command = new Command("list", "List the catalogued bases: reference, manifest digest, layer count and when each was added.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var e in Open(parse, catalog).Load())
                output.WriteLine($"{e.Reference}\t{e.Digest ?? "-"}\t{e.DiffIds.Count} layer(s)\t{e.AddedAt:yyyy-MM-ddTHH:mm:ssZ}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(Option<string?> catalog)
    {
        var reference = new Argument<string>("reference") { Description = "The reference of the base to remove, as `drydock base list` shows it." };
        var command = new Command("remove", "Remove a base from the catalogue.") { reference };
        command.SetAction(parse =>
        {
            var store = Open(parse, catalog);
            var name = parse.GetValue(reference)!;
            // Accept the short form people typed at add time (debian:12 for docker.io/library/debian:12).
            var normalised = ImageReference.TryParse(name, out var parsed, out _) ? parsed.ToString() : name;
            if (!store.Remove(name) && !store.Remove(normalised))
                throw new UsageException($"'{name}' is not in the base catalogue {store.Path}");
            parse.InvocationConfiguration.Output.WriteLine($"removed {normalised} from {store.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
