using Drydock.Bases;
using Drydock.Freshness;
using Drydock.Images;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The freshness stage (DRYDOCK-FRESHNESS, base drift in CIS 4.4): the image's tag and base looked up in their
/// registries. A registry that cannot be asked throws (<see cref="DrydockException"/>, <see cref="HttpRequestException"/>,
/// <see cref="IOException"/>); the scanner turns that into a coverage gap, never a failed scan.
/// </summary>
public interface IFreshnessLookup
{
    Task<FreshnessResult> CheckAsync(IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken cancellationToken);
}
