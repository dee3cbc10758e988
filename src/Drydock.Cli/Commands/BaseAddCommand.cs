using System.CommandLine;
using Drydock.Bases;
using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock base add TARGET</c>: reads a base image and records its reference, manifest digest and diff ids.</summary>
internal static class BaseAddCommand
{
    /// <summary>The verb; entries are stamped with <paramref name="clock"/>.</summary>
    public static Command Create(Option<string?> catalog, TimeProvider clock)
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
                image.Layers.Select(l => l.DiffId.ToString()).ToList(), clock.GetUtcNow());
            var store = BaseCommand.Open(parse, catalog);
            store.Add(entry);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"added {entry.Reference}{(entry.Digest is null ? "" : "@" + entry.Digest)} ({entry.DiffIds.Count} layer(s)) to {store.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
