using Drydock.Inventory.OsRelease;
using Drydock.Inventory.Purl;

namespace Drydock.Inventory.Rpm;

/// <summary>
/// Turns rpm headers into <see cref="Package"/>s. Version is <c>[epoch:]version-release</c> (epoch shown when
/// non-zero, as rpm's EVR comparison treats a missing epoch as 0); purl
/// <c>pkg:rpm/&lt;vendor&gt;/name@version-release?arch=…&amp;epoch=n&amp;distro=family-version</c> (purl-spec rpm type:
/// the epoch is a qualifier, not part of the version). gpg-pubkey entries are imported signing keys, not software:
/// <c>rpm -qa</c> lists them, but they are left out, as Trivy and syft leave them out.
/// </summary>
internal static class RpmPackageFactory
{
    public static Package? Build(RpmHeader h, OsInfo os, string foundIn, int layer)
    {
        if (h.Name == "gpg-pubkey") return null;
        var epoch = h.Epoch is > 0 ? h.Epoch : null;
        var vr = h.Version + "-" + h.Release;
        var (sourceName, sourceVr) = ParseSourceRpm(h.SourceRpm);
        return new Package
        {
            Type = PackageType.Rpm,
            Name = h.Name,
            Version = epoch is { } e ? $"{e}:{vr}" : vr,
            Epoch = h.Epoch,
            Architecture = h.Arch,
            SourceName = sourceName is not null && sourceName != h.Name ? sourceName : null,
            SourceVersion = sourceVr is null ? null : epoch is { } se ? $"{se}:{sourceVr}" : sourceVr,
            Licenses = h.License is { Length: > 0 } l ? [l] : [],
            Vendor = h.Vendor,
            ModularityLabel = string.IsNullOrEmpty(h.ModularityLabel) ? null : h.ModularityLabel,
            Files = h.Files,
            Purl = PackageUrl.Build("rpm", Namespace(os), h.Name, vr,
                [new("arch", h.Arch), new("epoch", epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("distro", OsPurlQualifiers.FamilyDistro(os))]),
            FoundIn = foundIn,
            LayerIndex = layer,
        };
    }

    /// <summary><c>name-version-release.src.rpm</c> (or <c>.nosrc.rpm</c>) → (name, version-release); nulls when malformed.</summary>
    public static (string? Name, string? VersionRelease) ParseSourceRpm(string? sourceRpm)
    {
        if (string.IsNullOrEmpty(sourceRpm)) return (null, null);
        var s = sourceRpm;
        foreach (var suffix in new[] { ".src.rpm", ".nosrc.rpm" })
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal)) s = s[..^suffix.Length];
        }
        var lastDash = s.LastIndexOf('-');
        var secondDash = lastDash > 0 ? s.LastIndexOf('-', lastDash - 1) : -1;
        return secondDash <= 0 ? (null, null) : (s[..secondDash], s[(secondDash + 1)..]);
    }

    /// <summary>The purl namespace: the vendor's distribution id (purl-spec rpm examples: fedora, centos, opensuse).</summary>
    private static string? Namespace(OsInfo os) => Distros.Find(os.Family)?.RpmPurlNamespace ?? OsPurlQualifiers.Namespace(os);
}
