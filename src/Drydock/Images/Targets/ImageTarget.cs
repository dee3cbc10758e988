namespace Drydock.Images.Targets;

/// <summary>
/// A parsed target (<see cref="TargetParser"/>). <see cref="Path"/> is set for the file transports,
/// <see cref="Reference"/> for <c>registry:</c> (and for a docker-archive chosen by tag), <see cref="Tag"/> for
/// <c>oci:</c>/<c>oci-archive:</c>, <see cref="SourceIndex"/> for <c>docker-archive:PATH:@N</c>, and
/// <see cref="EngineName"/> (a name or id as the engine accepts it) for <c>docker:</c>.
/// </summary>
public sealed record ImageTarget(ImageTransport Transport, string Text)
{
    public string? Path { get; init; }
    public string? Tag { get; init; }
    public ImageReference? Reference { get; init; }
    public int? SourceIndex { get; init; }
    public string? EngineName { get; init; }

    public override string ToString() => Text;
}
