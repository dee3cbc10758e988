namespace Drydock.Images.Inspection.Listing;

/// <summary>
/// How many block buffers (a write buffer or a forward reader's block) the spills sharing it hold now, and at most so
/// far: the bound on the external sort's memory is a bound on this count (issue 18).
/// </summary>
internal sealed class BufferCount
{
    public int Held { get; private set; }

    public int Peak { get; private set; }

    public void Take()
    {
        Held++;
        if (Held > Peak) Peak = Held;
    }

    public void Release() => Held--;
}
