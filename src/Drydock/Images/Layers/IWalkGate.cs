namespace Drydock.Images.Layers;

/// <summary>
/// Told by a layer walk how many tar entries it has read so far (every <c>LayerTarReader.GateEvery</c> entries);
/// may block the walk until it may go on. Lets walks that run at once share one memory budget (issue 18).
/// </summary>
internal interface IWalkGate
{
    /// <summary>Returns when the walk may read on; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    void Entries(int read, CancellationToken cancellationToken);
}
