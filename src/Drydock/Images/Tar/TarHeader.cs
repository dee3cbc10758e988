using System.Formats.Tar;

namespace Drydock.Images.Tar;

/// <summary>
/// One tar entry's header as <see cref="TarStreamReader"/> read it, with PAX and GNU long-name records already applied.
/// <see cref="Size"/> is the length of the entry's data (0 for header-only types: links, directories, devices, FIFOs);
/// <see cref="DataOffset"/> is where that data starts in the stream.
/// </summary>
internal sealed record TarHeader
{
    public required string Name { get; init; }
    public required TarEntryType Type { get; init; }
    public string LinkName { get; init; } = "";

    /// <summary>Permission and special bits only (0o7777), as the header's mode field holds them.</summary>
    public int Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public long Size { get; init; }
    public DateTimeOffset ModificationTime { get; init; }
    public int DeviceMajor { get; init; }
    public int DeviceMinor { get; init; }
    public long DataOffset { get; init; }
}
