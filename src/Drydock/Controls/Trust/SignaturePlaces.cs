using Drydock.Images;
using Drydock.Images.Sources.Registry;

namespace Drydock.Controls.Trust;

/// <summary>
/// Where an image's signatures are looked for: beside the image in its own repository (when it is in a registry) and in
/// the signature repository the policy or <c>--signature-repository</c> names, once each.
/// </summary>
internal static class SignaturePlaces
{
    /// <summary>A repository to search; <see cref="Label"/> names it in each signature's source.</summary>
    internal sealed record Place(RegistryClient Client, string Repository, string Label);

    public static IReadOnlyList<Place> Of(ImageReference? image, ImageReference? signatureRepository, SignatureClients clients)
    {
        var places = new List<Place>();
        if (image is not null) places.Add(new Place(clients.For(image.Registry), image.Repository, image.Repository));
        if (signatureRepository is not null && signatureRepository.Name != image?.Name)
            places.Add(new Place(clients.For(signatureRepository.Registry), signatureRepository.Repository, signatureRepository.Name));
        return places;
    }
}
