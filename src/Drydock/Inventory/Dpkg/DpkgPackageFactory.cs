using Drydock.Inventory.OsRelease;
using Drydock.Inventory.Purl;

namespace Drydock.Inventory.Dpkg;

/// <summary>
/// Turns dpkg status entries into <see cref="Package"/>s: purl <c>pkg:deb/&lt;family&gt;/name@version?arch=…&amp;distro=family-version</c>
/// (version with epoch, as purl-spec's deb type and Trivy write it), and <c>DependsOn</c> resolved against the
/// installed set: a requirement contributes every alternative that is installed, like Trivy; uninstalled ones
/// (virtual packages, unmet alternatives) are dropped.
/// </summary>
internal static class DpkgPackageFactory
{
    public static IReadOnlyList<Package> Build(IReadOnlyList<DpkgInstalled> installed, OsInfo os)
    {
        var names = installed.Select(i => i.Entry.Name).ToHashSet(StringComparer.Ordinal);
        var ns = OsPurlQualifiers.Namespace(os);
        var distro = OsPurlQualifiers.FamilyDistro(os);
        var result = new List<Package>(installed.Count);
        foreach (var (e, foundIn, layer, files, licenses) in installed)
        {
            var depends = e.Depends.SelectMany(alternatives => alternatives)
                .Where(d => names.Contains(d) && d != e.Name)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            result.Add(new Package
            {
                Type = PackageType.Deb,
                Name = e.Name,
                Version = e.Version,
                Epoch = e.Epoch,
                Architecture = e.Architecture,
                SourceName = e.SourceName == e.Name ? null : e.SourceName,
                SourceVersion = e.SourceVersion,
                Maintainer = e.Maintainer,
                DependsOn = depends,
                Files = [.. files.Concat(e.Conffiles).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                Licenses = licenses,
                Purl = PackageUrl.Build("deb", ns, e.Name, e.Version, [new("arch", e.Architecture), new("distro", distro)]),
                FoundIn = foundIn,
                LayerIndex = layer,
            });
        }
        return result;
    }
}
