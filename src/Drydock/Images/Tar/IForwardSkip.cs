namespace Drydock.Images.Tar;

/// <summary>
/// A forward-only stream that can pass over bytes without copying them out (the tar reader skips the data of entries
/// nobody asked for this way). Skipping is reading: whatever the stream does with the bytes it passes (hashing,
/// bounding) it still does.
/// </summary>
internal interface IForwardSkip
{
    /// <summary>Passes over up to <paramref name="count"/> bytes; returns how many, fewer only at the end of the stream.</summary>
    long Skip(long count);
}
