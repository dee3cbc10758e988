using Drydock.Freshness;
using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// "Use the latest version of images": the image in use is the one its tag names in the registry now (compared by the
/// config digest of the platform in use, so a new build for another architecture does not count). Newer tags of the
/// same line (<c>1.25.4</c>, <c>1.26.0</c>) are reported but do not fail: moving to another tag is a decision, a stale
/// digest under the same tag is not.
/// </summary>
internal sealed class LatestImageControl : IControl
{
    public string Id => ControlCatalog.FreshnessControlId;

    public string Title => "Image is the latest version of its tag";

    public bool Wants(string path, long size, int mode) => false;

    public ControlResult Evaluate(ControlContext context)
    {
        if (context.Freshness is not { } f)
            return ControlResults.Skip(this, context, Severity.Medium, context.FreshnessSkipReason ?? "The registry was not asked (no tag to look up).");
        if (f.Stale is not { } stale)
            return ControlResults.Skip(this, context, Severity.Medium, $"Could not tell whether {f.Reference} is current: {f.Error ?? "the registry gave no digest"}.");
        var newer = NewerText(f.NewerTags);
        if (!stale)
            return ControlResults.Pass(this, context, Severity.Medium, $"{f.Reference} still names this image ({f.LatestDigest}){newer}.");
        var evidence = new List<Evidence>
        {
            new() { Message = $"in use: {f.InUseImageId}" },
            new() { Message = $"{f.Reference} now: {f.LatestImageId} (manifest {f.LatestDigest})" },
        };
        if (f.NewerTags is { Any: true } tags) evidence.Add(new Evidence { Message = "newer tags: " + TagList(tags) });
        return ControlResults.Fail(this, context, Severity.Medium, $"{f.Reference} now names a newer image; pull and redeploy it{newer}.", evidence);
    }

    private static string NewerText(NewerTagReport? tags) => tags is { Any: true } ? "; newer tags: " + TagList(tags) : "";

    private static string TagList(NewerTagReport tags) =>
        string.Join(", ", new[] { (tags.NewestPatch, "same minor"), (tags.NewestMinor, "same major"), (tags.NewestMajor, "newest") }
            .Where(p => p.Item1 is not null).Select(p => $"{p.Item1} ({p.Item2})"));
}
