using System.CommandLine;
using Drydock.Bases;
using Drydock.Images;
using Drydock.Images.Sources;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock base add TARGET</c>: reads a base image and records its reference, manifest digest and diff ids;
/// <c>drydock base add --repository REF</c>: the same for every image tag of a registry repository (<see cref="RepositoryBases"/>).
/// </summary>
internal static class BaseAddCommand
{
    /// <summary>The verb; entries are stamped with <paramref name="clock"/>.</summary>
    public static Command Create(Option<string?> catalog, TimeProvider clock)
    {
        var target = new Argument<string>("target")
        {
            Description = "The base image: a reference (debian:12-slim, registry:REF) or any target (oci:DIR[:TAG], docker-archive:PATH, docker:NAME).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var repository = new Option<string?>("--repository")
        {
            Description = "Instead of TARGET: catalogue every image tag of this registry repository (REGISTRY/REPO, no tag), reading manifests and configs only; signature and referrer tags are passed over.",
        };
        var maxTags = new Option<int>("--max-tags")
        {
            Description = "With --repository: read at most this many tags (in tag order); the rest are counted on stderr.",
            DefaultValueFactory = _ => RepositoryBases.DefaultMaxTags,
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
        var command = new Command("add", "Read a base image (or every image tag of a repository, --repository) and record its reference, manifest digest and layer diff ids in the catalogue.")
        {
            target, asReference, platform, insecure, repository, maxTags,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ImageOpenOptions
            {
                Platform = parse.GetValue(platform) is { } p ? Platform.Parse(p) : null,
                InsecureRegistries = new HashSet<string>(parse.GetValue(insecure) ?? [], StringComparer.OrdinalIgnoreCase),
            };
            if (parse.GetValue(repository) is { } repo)
            {
                if (parse.GetValue(target) is not null || parse.GetValue(asReference) is not null)
                    throw new UsageException("--repository catalogues a whole repository: give no TARGET and no --as");
                return await AddRepositoryAsync(parse, catalog, Drydock.Policy.SignatureRepositoryName.Parse(repo, "--repository"), options, parse.GetValue(maxTags), clock, cancellationToken);
            }
            if (parse.GetValue(target) is null) throw new UsageException("base add needs a TARGET, or --repository REF");
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

    private static async Task<int> AddRepositoryAsync(ParseResult parse, Option<string?> catalog, ImageReference repository, ImageOpenOptions options, int maxTags,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await RepositoryBases.ReadAsync(repository, options, maxTags, clock, cancellationToken);
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        foreach (var skipped in result.Skipped) await error.WriteLineAsync($"drydock: skipped {repository.Name}:{skipped}");
        if (result.NotRead > 0) await error.WriteLineAsync($"drydock: {result.NotRead} more tag(s) of {repository.Name} not read (--max-tags {maxTags})");
        if (result.Entries.Count == 0) throw new DrydockException($"registry {repository.Registry}: {repository.Repository} has no image tags to catalogue");
        var store = BaseCommand.Open(parse, catalog);
        store.Add(result.Entries);
        foreach (var entry in result.Entries)
            await output.WriteLineAsync($"added {entry.Reference}{(entry.Digest is null ? "" : "@" + entry.Digest)} ({entry.DiffIds.Count} layer(s)) to {store.Path}");
        return ExitCodes.Success;
    }
}
