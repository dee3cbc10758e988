namespace Drydock.Images.Tar;

/// <summary>
/// Bounds a tar header may not pass (docs/security.md "Bounds"). A name is bounded like Linux's PATH_MAX (4096 bytes)
/// before it is decoded, so a hostile GNU long-name or PAX record never becomes a huge string; PAX and long-name
/// records are read whole, so their size is bounded too.
/// </summary>
internal static class TarLimits
{
    /// <summary>Longest entry or link name, in UTF-8 bytes (Linux PATH_MAX).</summary>
    public const int MaxNameBytes = 4096;

    /// <summary>Largest PAX extended header record set of one entry (long names and a few xattrs fit easily).</summary>
    public const int MaxPaxBytes = 1 << 20;
}
