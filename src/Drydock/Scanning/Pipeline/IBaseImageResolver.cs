using Drydock.Bases;
using Drydock.Images;
using Drydock.Policy;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The base stages (CIS 4.2): a base named by the image's annotation or label but not catalogued, resolved
/// through its registry (manifest and config only; null when the name is not a reference), and base discovery: the
/// tags of the repositories the policy's <c>trustedBases</c> name, for the image's platform (<see cref="TrustedBaseDiscovery"/>).
/// </summary>
public interface IBaseImageResolver
{
    Task<BaseCatalogEntry?> ResolveAsync(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels, Platform? platform, CancellationToken cancellationToken);

    Task<TrustedBaseSearch> DiscoverAsync(DrydockPolicy policy, Platform platform, CancellationToken cancellationToken);
}
