using Drydock.Images;

namespace Drydock.Scanning.Pipeline;

/// <summary>
/// The order in which <see cref="LayerReader"/> starts layers (issue 17): bottom → top, except that the heaviest layer
/// not yet started goes first once its stored bytes reach those of every other unstarted layer together. On two cores
/// that layer would otherwise be read last, alone, while the other core has nothing left to do; started then, it runs
/// beside the lighter rest, and both cores stay busy to the end. Layers are still applied strictly in order (the one
/// started early waits, read, for its turn), so only when a layer is read changes, never what the view is.
/// </summary>
internal sealed class WalkSchedule
{
    private readonly IReadOnlyList<LayerInfo> _layers;
    private readonly bool[] _started;
    private long _unstartedBytes;

    public WalkSchedule(IReadOnlyList<LayerInfo> layers)
    {
        _layers = layers;
        _started = new bool[layers.Count];
        foreach (var layer in layers) _unstartedBytes += Weight(layer);
    }

    /// <summary>The earliest layer not started yet (<c>Count</c> once every layer is).</summary>
    public int NextInOrder { get; private set; }

    /// <summary>Whether every layer has been started.</summary>
    public bool Done => NextInOrder == _layers.Count;

    /// <summary>
    /// The layer to start next: <see cref="NextInOrder"/>, or, when <paramref name="mayJump"/> (the layers before it are
    /// under way and no other layer was started out of order), the heaviest unstarted layer if it outweighs the others.
    /// </summary>
    public LayerInfo Next(bool mayJump)
    {
        var next = _layers[NextInOrder];
        if (!mayJump) return next;
        var heaviest = next;
        for (var i = NextInOrder + 1; i < _layers.Count; i++)
        {
            if (!_started[i] && Weight(_layers[i]) > Weight(heaviest)) heaviest = _layers[i];
        }
        return Weight(heaviest) >= _unstartedBytes - Weight(heaviest) ? heaviest : next;
    }

    /// <summary>Records that <paramref name="layer"/>'s walk (or cache read) has started.</summary>
    public void Started(LayerInfo layer)
    {
        if (_started[layer.Index]) throw new InvalidOperationException($"layer {layer.Index} started twice");
        _started[layer.Index] = true;
        _unstartedBytes -= Weight(layer);
        while (NextInOrder < _layers.Count && _started[NextInOrder]) NextInOrder++;
    }

    // The stored size: what is read, digested and (for compressed layers) decoded; a layer of unknown size weighs nothing.
    private static long Weight(LayerInfo layer) => Math.Max(0, layer.Descriptor.Size);
}
