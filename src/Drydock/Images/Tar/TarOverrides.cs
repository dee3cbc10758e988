namespace Drydock.Images.Tar;

/// <summary>What PAX ('x') and GNU long-name ('L', 'K') records say about the next entry, overriding its header.</summary>
internal sealed class TarOverrides
{
    public string? Path { get; set; }
    public string? LinkPath { get; set; }
    public long? Size { get; set; }
    public int? Uid { get; set; }
    public int? Gid { get; set; }
    public DateTimeOffset? ModificationTime { get; set; }

    public bool IsEmpty => Path is null && LinkPath is null && Size is null && Uid is null && Gid is null && ModificationTime is null;
}
