namespace Drydock.Inventory.Dpkg;

/// <summary>A status entry with where it was found and what was read beside it (files, licenses).</summary>
internal sealed record DpkgInstalled(
    DpkgStatusEntry Entry, string FoundIn, int LayerIndex, IReadOnlyList<string> Files, IReadOnlyList<string> Licenses);
