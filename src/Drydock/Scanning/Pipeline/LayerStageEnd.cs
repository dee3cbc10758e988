using Drydock.Images.Layers;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// Between the layer stage and inventory (issue 17: a cold scan's peak resident set came after the walk, while the
/// view was analysed on top of what the walks had kept): the walks' kept buffers and libzstd's context are let go
/// (<see cref="WalkMemory"/>), then one blocking, compacting collection that gives the freed memory back to the
/// system (<see cref="GCCollectionMode.Aggressive"/>), so that inventory, controls and the report start from the
/// view alone. Nothing is collected when no layer was walked (every layer came from the cache): nothing was freed.
/// </summary>
internal static class LayerStageEnd
{
    /// <summary>Lets the walks' memory go; true when a layer had been walked and a collection ran.</summary>
    public static bool Release()
    {
        var walked = WalkMemory.Release();
        if (walked) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        MemoryTrace.Log("layer stage ended");
        return walked;
    }
}
