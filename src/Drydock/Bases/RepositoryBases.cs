using System.Text.RegularExpressions;
using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Bases;

/// <summary>
/// Learns the bases a registry repository offers (<c>drydock base add --repository</c>): lists its tags, reads each
/// tag's manifest and config (never its layers) and makes one catalogue entry per image. Tags that name signatures,
/// attestations or referrer indexes (<c>sha256-&lt;hex&gt;[.sig|.att|…]</c>) are passed over; a tag that is not an image
/// is skipped with its reason. At most <c>maxTags</c> tags are read, in ordinal order: a repository can hold thousands.
/// </summary>
public static partial class RepositoryBases
{
    public const int DefaultMaxTags = 100;

    public static Task<RepositoryBasesResult> ReadAsync(ImageReference repository, ImageOpenOptions options, int maxTags, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReadAsync(repository, RegistryClientOptions.From(options), options, maxTags, static _ => true, clock, cancellationToken);
    }

    /// <summary>The same, over the caller's registry clients, reading only the tags <paramref name="wanted"/> accepts.</summary>
    public static async Task<RepositoryBasesResult> ReadAsync(ImageReference repository, RegistryClientOptions client, ImageOpenOptions options,
        int maxTags, Func<string, bool> wanted, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(clock);
        if (maxTags < 1) throw new UsageException("--max-tags must be at least 1");
        var tags = await ListTagsAsync(repository, client, cancellationToken);
        var images = tags.Where(t => !ArtifactTag().IsMatch(t) && wanted(t)).Order(StringComparer.Ordinal).ToList();
        var entries = new List<BaseCatalogEntry>();
        var skipped = new List<string>();
        foreach (var tag in images.Take(maxTags))
        {
            var reference = repository with { Tag = tag, Digest = null };
            try
            {
                await using var image = await new RegistryImageSource(reference, reference.ToString(), client).OpenAsync(options, cancellationToken);
                entries.Add(new BaseCatalogEntry(reference.ToString(), image.ManifestDigest?.ToString(),
                    image.Layers.Select(l => l.DiffId.ToString()).ToList(), clock.GetUtcNow()));
            }
            catch (DrydockException e)
            {
                skipped.Add($"{tag}: {e.Message}");
            }
        }
        return new RepositoryBasesResult(entries, skipped, Math.Max(0, images.Count - maxTags));
    }

    private static async Task<IReadOnlyList<string>> ListTagsAsync(ImageReference repository, RegistryClientOptions options, CancellationToken cancellationToken)
    {
        using var registry = new RegistryClient(repository.Registry, options);
        return await registry.ListTagsAsync(repository.Repository, cancellationToken);
    }

    /// <summary>cosign's <c>sha256-&lt;hex&gt;.sig/.att/.sbom</c> and the referrers tag schema's <c>sha256-&lt;hex&gt;</c>.</summary>
    [GeneratedRegex("^sha(256|512)-[0-9a-f]{64,128}(\\.[a-z]+)?$")]
    private static partial Regex ArtifactTag();
}
