using Drydock.Images.Layers;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// Between the layer stage and inventory (issue 17: a cold scan's peak resident set came after the walk, while the
/// view was analysed on top of what the walks had kept): the walks' kept buffers and libzstd's context are let go
/// (<see cref="WalkMemory"/>), so that inventory, controls and the report start from the view and what the collector
/// keeps. No collection is forced here: a blocking, compacting one (session 10) decommitted the heap, and every page
/// inventory then allocated was touched afresh: 25 ms of a 0.38 s cold scan for 2 MB of peak, once the NativeAOT binary
/// had left the server out (bench/README.md, "Session 11").
/// </summary>
internal static class LayerStageEnd
{
    /// <summary>Lets the walks' kept memory go; true when a layer had been walked since the last call.</summary>
    public static bool Release()
    {
        var walked = WalkMemory.Release();
        MemoryTrace.Log("layer stage ended");
        return walked;
    }
}
