namespace Drydock.Bases;

/// <summary>
/// The base image of an image, how it was found (<c>oci-annotation</c>, <c>label</c>, <c>layer-chain</c>), and whether
/// the policy trusts it. <see cref="LayerCount"/> is how many bottom layers belong to the base, when known.
/// </summary>
public sealed record BaseImageIdentification
{
    public required string Reference { get; init; }
    public string? Digest { get; init; }
    public required string Method { get; init; }
    public int? LayerCount { get; init; }
    public bool Trusted { get; init; }

    /// <summary>The policy entry that trusted it, or why it is not trusted.</summary>
    public required string TrustReason { get; init; }
}
