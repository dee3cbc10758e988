namespace Drydock.Hosts.Audit;

/// <summary>
/// The checks a host audit reports per container. <c>DRYDOCK-STALE</c> and <c>DRYDOCK-MAX-AGE</c> are the gate
/// conditions; <c>CIS-4.2</c> ("use trusted base images for containers") from the base image's trust;
/// <c>DRYDOCK-REBUILD</c> when the base's tag moved on; <c>DRYDOCK-DANGLING</c> when no tag names the image any more.
/// </summary>
internal static class AuditVerdicts
{
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Unknown = "unknown";

    public static IReadOnlyList<AuditVerdict> For(AuditedContainer c, int? maxAgeDays)
    {
        var list = new List<AuditVerdict>
        {
            c.Stale switch
            {
                true => new("DRYDOCK-STALE", Fail, $"{c.Image} now names {c.LatestImageId} (digest {c.LatestDigest}); the container runs {c.ImageId}"),
                false => new("DRYDOCK-STALE", Pass, $"{c.Image} still names the image in use"),
                null => new("DRYDOCK-STALE", Unknown, c.FreshnessError ?? "the latest digest could not be resolved"),
            },
        };
        if (maxAgeDays is { } max)
        {
            list.Add(c.AgeDays switch
            {
                { } age when age > max => new("DRYDOCK-MAX-AGE", Fail, $"the image is {age} days old, over the {max} day limit"),
                { } age => new("DRYDOCK-MAX-AGE", Pass, $"the image is {age} days old"),
                null => new("DRYDOCK-MAX-AGE", Unknown, "the image has no creation time"),
            });
        }
        list.Add(c.BaseImage switch
        {
            { Trusted: true } b => new("CIS-4.2", Pass, $"base {b.Reference} ({b.Method}) is trusted: {b.TrustReason}"),
            { } b => new("CIS-4.2", Fail, $"base {b.Reference} ({b.Method}) is not trusted: {b.TrustReason}"),
            null => new("CIS-4.2", Unknown, "the base image could not be identified"),
        });
        if (c.BaseImage?.RebuildNeeded is { } rebuild)
            list.Add(new("DRYDOCK-REBUILD", rebuild ? Fail : Pass, rebuild ? $"base {c.BaseImage.Reference} moved on: rebuild needed" : $"base {c.BaseImage.Reference} is unchanged"));
        list.Add(c.Dangling ? new("DRYDOCK-DANGLING", Fail, "no tag refers to the image this container runs") : new("DRYDOCK-DANGLING", Pass, "the image is tagged"));
        return list;
    }

    /// <summary>True when a gate condition failed (stale digest or over the age limit).</summary>
    public static bool Gated(AuditedContainer c) => c.Verdicts.Any(v => v.Outcome == Fail && v.Id is "DRYDOCK-STALE" or "DRYDOCK-MAX-AGE");
}
