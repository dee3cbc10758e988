using Drydock.Images.Layers;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// Between the layer stage and inventory (issue 17: a cold scan's peak resident set came after the walk, while the
/// view was analysed on top of what the walks had kept): the walks' kept buffers and libzstd's context are let go
/// (<see cref="WalkMemory"/>), then one blocking, compacting collection that gives the freed memory back to the
/// system (<see cref="GCCollectionMode.Aggressive"/>), so that inventory, controls and the report start from the
/// view alone. Nothing is collected when no layer was walked (every layer came from the cache): nothing was freed.
/// The collection runs only in a process that asked for it (<see cref="CollectAfterWalks"/>: the CLI, one scan per
/// process); a process that scans many images at once (the server, the test host) would stop every other scan's
/// threads for it, so there the buffers are let go and the collector left to its own budget.
/// </summary>
internal static class LayerStageEnd
{
    /// <summary>Set once at start-up by a process that runs one scan at a time (the CLI).</summary>
    public static bool CollectAfterWalks { get; set; }

    /// <summary>Lets the walks' memory go; true when a layer had been walked (and then, with
    /// <see cref="CollectAfterWalks"/>, a collection ran).</summary>
    public static bool Release()
    {
        var walked = WalkMemory.Release();
        if (walked && CollectAfterWalks) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        MemoryTrace.Log("layer stage ended");
        return walked;
    }
}
