namespace Drydock.Images.FileSystem;

/// <summary>
/// One entry of the squashed filesystem: what the running container would see at <see cref="Path"/>.
/// Paths are relative to the image root, '/'-separated, with no leading slash and no '.'/'..' components
/// (<c>etc/os-release</c>). <see cref="LayerIndex"/> is the layer (0 = bottom) that last wrote the entry.
/// </summary>
public sealed record FileEntry
{
    public required string Path { get; init; }
    public required FileKind Kind { get; init; }

    /// <summary>Permission and special bits (setuid 04000, setgid 02000, sticky 01000, rwx).</summary>
    public int Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public long Size { get; init; }

    /// <summary>Symlink target as written, or the hard link's target path (normalised).</summary>
    public string? LinkTarget { get; init; }
    public DateTimeOffset? ModifiedAt { get; init; }
    public required int LayerIndex { get; init; }

    public bool IsSetuid => (Mode & 0x800) != 0;
    public bool IsSetgid => (Mode & 0x400) != 0;
    public bool IsExecutable => Kind == FileKind.File && (Mode & 0x49) != 0;

    /// <summary>Mode as <c>ls -l</c> prints it, e.g. <c>-rwsr-xr-x</c>.</summary>
    public string ModeString => FileModes.Format(Kind, Mode);
}

public enum FileKind
{
    File,
    Directory,
    Symlink,
    HardLink,
    CharDevice,
    BlockDevice,
    Fifo,
}
