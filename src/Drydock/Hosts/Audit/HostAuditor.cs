using Drydock.Bases;
using Drydock.Hosts.Update;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Drydock.Policy;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;

namespace Drydock.Hosts.Audit;

/// <summary>
/// Audits one engine: every container (running or not) and every local image. Freshness is asked once per distinct
/// (reference, image id) — a registry HEAD, never a pull. Without a <see cref="FreshnessChecker"/>, staleness is unknown.
/// </summary>
public sealed class HostAuditor(FreshnessChecker? freshness, HostAuditOptions options)
{
    private readonly ConcurrentDictionary<(string, string), Task<FreshnessReport>> _freshness = new();
    private readonly ConcurrentDictionary<(string, string), Task<(ImageVulnerabilities?, string?, bool)>> _vulnerabilities = new();

    public async Task<HostAudit> AuditAsync(IDockerEngine engine, string apiVersion, CancellationToken ct)
    {
        var now = options.Clock.GetUtcNow();
        var daemon = await engine.DescribeAsync(ct);
        var images = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var node in await engine.ListImagesAsync(ct))
        {
            if (node is JsonObject summary && summary["Id"]?.GetValue<string>() is { } id) images[id] = summary;
        }
        var containers = new List<AuditedContainer>();
        var state = options.StateDirectory is { } dir ? new UpdateStateStore(dir, await engine.IdentifyAsync(ct)) : null;
        foreach (var id in await engine.ListContainerIdsAsync(all: true, ct))
        {
            if (await engine.InspectContainerAsync(id, ct) is not { } inspect) continue;
            var info = ContainerInfo.From(inspect);
            var image = await engine.InspectImageAsync(info.ImageId, ct);
            var (vulnerabilities, vulnerabilityError, scanFailed) = await VulnerabilitiesAsync(engine, info.ImageId, ct);
            containers.Add(await AuditContainerAsync(engine.Host, info, image, now, ct) with
            {
                Vulnerabilities = vulnerabilities,
                VulnerabilityError = vulnerabilityError,
                VulnerabilityScanFailed = scanFailed,
                // A pin applies while the container runs the pinned image (see HostUpdater.PlanAsync).
                Pin = state?.Pin(info.Name) is { } pin && pin.ImageId == info.ImageId ? pin : null,
                Rejected = state?.Rejected(info.Name) ?? [],
            });
        }
        var audited = new List<AuditedImage>();
        foreach (var summary in images.Values)
        {
            var image = AuditImage(engine.Host, summary, containers, now);
            var (vulnerabilities, vulnerabilityError, scanFailed) = await VulnerabilitiesAsync(engine, image.Id, ct);
            audited.Add(image with { Vulnerabilities = vulnerabilities, VulnerabilityError = vulnerabilityError, VulnerabilityScanFailed = scanFailed });
        }
        var host = new AuditedHost(engine.Host, apiVersion, null) { Daemon = daemon, Findings = EngineFindings.For(daemon, options.Policy, containers, now) };
        return new HostAudit(host, containers, audited);
    }

    /// <summary>
    /// The image's vulnerability counts, scanned once per host and image; without a scanner (no database) the reason,
    /// and a failed scan is reported with its one-line error and marked failed: the audit goes on, and the CLI exits 3
    /// after writing the report (a gap in what was checked, <see cref="HostAuditReport.FailedScans"/>).
    /// </summary>
    private Task<(ImageVulnerabilities?, string?, bool)> VulnerabilitiesAsync(IDockerEngine engine, string imageId, CancellationToken ct)
    {
        if (options.Vulnerabilities is not { } scanner)
            return Task.FromResult<(ImageVulnerabilities?, string?, bool)>((null, options.VulnerabilitiesUnavailable ?? "no vulnerability database", false));
        return _vulnerabilities.GetOrAdd((engine.Host, imageId), async _ =>
        {
            try
            {
                return (await scanner.ScanAsync(engine, imageId, ct), null, false);
            }
            catch (DrydockException e)
            {
                return (null, "scan failed: " + e.Message.Split('\n')[0], true);
            }
        });
    }

    private async Task<AuditedContainer> AuditContainerAsync(string host, ContainerInfo info, JsonObject? image, DateTimeOffset now, CancellationToken ct)
    {
        var repoTags = Strings(image?["RepoTags"]).Where(t => t != "<none>:<none>").ToList();
        var created = Created(image?["Created"]);
        var diffIds = Strings(image?["RootFS"]?["Layers"]).ToList();
        var labels = (image?["Config"]?["Labels"] as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "");
        FreshnessReport? fresh = null;
        var followable = info.ImageReference.Length > 0 && !info.ImageReference.StartsWith("sha256:", StringComparison.Ordinal) && !info.ImageReference.Contains('@', StringComparison.Ordinal);
        if (freshness is not null && followable)
        {
            var platform = EnginePlatform.Of(image);
            var identity = EngineImageIdentity.Of(image, info.ImageId, info.ImageManifestDigest);
            fresh = await _freshness.GetOrAdd((info.ImageReference, info.ImageId), _ => freshness.CheckAsync(new FreshnessRequest(info.ImageReference)
            {
                InUseImageId = identity.ConfigDigest,
                InUseDigests = identity.ManifestDigests,
                Platform = platform,
                InUseCreated = created,
                InUseDiffIds = diffIds,
                InUseLabels = labels,
                BaseCatalog = options.BaseCatalog,
            }, ct));
        }
        var baseId = BaseImageIdentifier.Identify(new Dictionary<string, string>(), labels, diffIds, options.BaseCatalog, options.Policy);
        var ageDays = created is { } t ? (int)Math.Floor((now - t).TotalDays) : (int?)null;
        var container = new AuditedContainer
        {
            Host = host,
            Name = info.Name,
            Id = info.Id,
            Image = info.ImageReference,
            ImageId = info.ImageId,
            ImageDigest = RepoDigest(Strings(image?["RepoDigests"]).ToList(), info.ImageReference),
            LatestDigest = fresh?.LatestDigest,
            LatestImageId = fresh?.LatestImageId,
            Stale = fresh?.Stale,
            Running = info.Running,
            AgeDays = ageDays,
            NewerTags = fresh?.NewerTags is { } n ? new[] { n.NewestPatch, n.NewestMinor, n.NewestMajor }.OfType<string>().ToList() : [],
            BaseImage = baseId is null ? null : new AuditedBase(baseId.Reference, baseId.Method, baseId.Trusted, baseId.TrustReason, fresh?.BaseImage == baseId.Reference ? fresh.RebuildNeeded : null),
            Dangling = image is not null && repoTags.Count == 0,
            FreshnessError = freshness is null ? "registry not consulted" : followable ? fresh?.Error : "pinned to a digest or image id",
        };
        return container with { Verdicts = AuditVerdicts.For(container, options.MaxAgeDays) };
    }

    private static AuditedImage AuditImage(string host, JsonObject summary, IReadOnlyList<AuditedContainer> containers, DateTimeOffset now)
    {
        var id = summary["Id"]!.GetValue<string>();
        var tags = Strings(summary["RepoTags"]).Where(t => t != "<none>:<none>").Order(StringComparer.Ordinal).ToList();
        var created = Created(summary["Created"]);
        return new AuditedImage
        {
            Host = host,
            Id = id,
            RepoTags = tags,
            RepoDigests = Strings(summary["RepoDigests"]).Where(d => !d.StartsWith("<none>", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(),
            AgeDays = created is { } t ? (int)Math.Floor((now - t).TotalDays) : null,
            Containers = containers.Where(c => c.ImageId == id).Select(c => c.Name).Order(StringComparer.Ordinal).ToList(),
            Dangling = tags.Count == 0,
        };
    }

    /// <summary>The repo digest for the reference's repository (<c>repo@sha256:…</c> → <c>sha256:…</c>); else the only one.</summary>
    internal static string? RepoDigest(IReadOnlyList<string> repoDigests, string reference)
    {
        var name = ImageReference.TryParse(reference, out var r, out _) ? r.Name : null;
        foreach (var d in repoDigests)
        {
            var at = d.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && name is not null && ImageReference.TryParse(d, out var rd, out _) && rd.Name == name) return d[(at + 1)..];
        }
        return repoDigests.Count == 1 && repoDigests[0].IndexOf('@', StringComparison.Ordinal) is var i and > 0 ? repoDigests[0][(i + 1)..] : null;
    }

    /// <summary><c>Created</c>: unix seconds in <c>/images/json</c>, RFC 3339 text in <c>/images/{id}/json</c>.</summary>
    private static DateTimeOffset? Created(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds),
        JsonValue v when v.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var when) => when,
        _ => null,
    };

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>() ?? [];
}

/// <summary>What the audit needs besides the engine: the clock, the age gate, and the base catalogue and policy for base trust.</summary>
public sealed record HostAuditOptions
{
    /// <summary>The caller's clock (ages, end-of-life dates); read once per audited host.</summary>
    public required TimeProvider Clock { get; init; }
    public int? MaxAgeDays { get; init; }
    public IReadOnlyList<BaseCatalogEntry> BaseCatalog { get; init; } = [];
    public DrydockPolicy Policy { get; init; } = DrydockPolicy.Default;

    /// <summary>Counts vulnerabilities per image (the scan pipeline); null = not counted, for <see cref="VulnerabilitiesUnavailable"/>.</summary>
    public IImageVulnerabilityScanner? Vulnerabilities { get; init; }

    /// <summary>Why vulnerabilities are not counted (e.g. no database at the path), shown in the report.</summary>
    public string? VulnerabilitiesUnavailable { get; init; }

    /// <summary>The update state directory (<c>--state-dir</c>) whose pins and rejected images the audit shows; null = none.</summary>
    public string? StateDirectory { get; init; }
}
