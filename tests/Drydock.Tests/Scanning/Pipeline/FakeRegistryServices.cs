using Drydock.Bases;
using Drydock.Controls.Trust;
using Drydock.Freshness;
using Drydock.Images;
using Drydock.Policy;
using Drydock.Scanning.Pipeline;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>
/// Registry services answered in memory: each stage returns what the test set (or throws what it set) and records that it
/// was asked, so a test sees which stages the scanner ran and with what.
/// </summary>
internal sealed class FakeRegistryServices : ISignatureCheck, IFreshnessLookup, IBaseImageResolver
{
    public Func<IImage, FreshnessResult> Freshness { get; init; } = _ => new FreshnessResult(null, "the fake registry has no tag");
    public Func<ImageReference?, Digest?, SignatureVerification> Signatures { get; init; } = (_, _) => new SignatureVerification { Attempted = true };
    public BaseCatalogEntry? AnnotatedBase { get; init; }
    public TrustedBaseSearch Discovered { get; init; } = new([], [], []);

    public List<string> Asked { get; } = [];

    public RegistryServices Services() => new(this, this, this);

    public Task<SignatureVerification> VerifyAsync(IImage image, ImageReference? registryReference, DrydockPolicy policy, CancellationToken cancellationToken)
    {
        var manifestDigest = image.Reference?.Digest ?? image.ManifestDigest;
        Asked.Add($"signatures {registryReference?.ToString() ?? "-"} {manifestDigest?.ToString() ?? "-"}");
        return Task.FromResult(Signatures(registryReference, manifestDigest));
    }

    public Task<FreshnessResult> CheckAsync(IImage image, IReadOnlyList<BaseCatalogEntry> catalog, CancellationToken cancellationToken)
    {
        Asked.Add("freshness " + image.Reference);
        return Task.FromResult(Freshness(image));
    }

    public Task<BaseCatalogEntry?> ResolveAsync(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string>? labels, Platform? platform, CancellationToken cancellationToken)
    {
        Asked.Add("base " + BaseImageIdentifier.NamedBase(annotations, labels));
        return Task.FromResult(AnnotatedBase);
    }

    public Task<TrustedBaseSearch> DiscoverAsync(DrydockPolicy policy, Platform platform, CancellationToken cancellationToken)
    {
        Asked.Add("discover " + string.Join(",", TrustedRepository.From(policy).Select(r => r.Name)) + " " + platform);
        return Task.FromResult(Discovered);
    }
}
