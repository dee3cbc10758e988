namespace Drydock.Images.Layers;

/// <summary>
/// The memory allowed for kept file contents over one walk (<see cref="LayerWalkOptions.MaxTotalContentBytes"/>),
/// shared by all layers, so a hostile image cannot make us hold arbitrarily many declared files.
/// </summary>
internal sealed class ContentBudget(long totalBytes)
{
    public long Used { get; private set; }

    /// <summary>Tar entries read so far over all layers of the walk.</summary>
    public long EntriesRead { get; private set; }

    /// <summary>Counts one entry; past <see cref="LayerWalkOptions.MaxEntriesPerImage"/> the image is refused.</summary>
    public void CountEntry(string layerName, LayerWalkOptions options)
    {
        if (++EntriesRead > options.MaxEntriesPerImage)
            throw new DrydockException($"{layerName}: the image holds more than {options.MaxEntriesPerImage} entries over all its layers");
    }

    public long Total => totalBytes;

    /// <summary>Reserves <paramref name="bytes"/>; false (nothing reserved) when that would pass the total.</summary>
    public bool TryReserve(long bytes)
    {
        if (bytes > totalBytes - Used) return false;
        Used += bytes;
        return true;
    }
}
