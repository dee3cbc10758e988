namespace Drydock.Inventory;

/// <summary>A damaged or unreadable record that was skipped: the scan goes on and is marked partial.</summary>
public sealed record InventoryWarning(string Path, int? LayerIndex, string Message)
{
    public override string ToString() => LayerIndex is { } l ? $"{Path} (layer {l}): {Message}" : $"{Path}: {Message}";
}
