namespace Drydock.Images.FileSystem;

/// <summary>
/// A stable 64-bit hash of a normalised path (FNV-1a over its UTF-16 code units), so a layer can say which paths it
/// replaced by entries it did not keep in 8 bytes each, the same in every process (the layer cache stores them).
/// </summary>
internal static class PathHash
{
    public static ulong Of(ReadOnlySpan<char> path)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in path)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }
}
