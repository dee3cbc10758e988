namespace Drydock.Inventory.Rpm;

/// <summary>The fields of one rpm header that the inventory needs (tags from rpm's include/rpm/rpmtag.h).</summary>
internal sealed record RpmHeader
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Release { get; init; }
    public int? Epoch { get; init; }
    public string? Arch { get; init; }
    public string? SourceRpm { get; init; }
    public string? Vendor { get; init; }
    public string? License { get; init; }
    public long? Size { get; init; }
    public string? ModularityLabel { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public IReadOnlyList<string> Provides { get; init; } = [];
    public IReadOnlyList<string> Requires { get; init; } = [];
}
