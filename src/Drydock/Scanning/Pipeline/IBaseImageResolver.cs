using Drydock.Bases;
using Drydock.Images;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The annotated-base stage (CIS 4.2): a base named by the image's annotation or label but not catalogued, resolved
/// through its registry (manifest and config only); null when the name is not a reference.
/// </summary>
public interface IBaseImageResolver
{
    Task<BaseCatalogEntry?> ResolveAsync(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels, Platform? platform, CancellationToken cancellationToken);
}
