namespace Drydock.Inventory;

/// <summary>Everything installed in an image: the OS and its packages, sorted by type, name, version, path.</summary>
public sealed record ImageInventory
{
    public required OsInfo Os { get; init; }
    public IReadOnlyList<Package> Packages { get; init; } = [];
    public IReadOnlyList<InventoryWarning> Warnings { get; init; } = [];

    /// <summary>True when some database or manifest could not be read completely.</summary>
    public bool Partial => Warnings.Count > 0;
}
