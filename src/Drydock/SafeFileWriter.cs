using System.Runtime.InteropServices;
using System.Text;

namespace Drydock;

/// <summary>
/// Writes every file Drydock produces without harming what it does not own. A path that is a regular file or does
/// not exist is written to a temp file beside it, flushed to disk and renamed over it, so a reader never sees half a
/// file. A symlink is followed to its final target and that target is written by the same rule, the link itself
/// stays. Anything else (a character or block device, a FIFO, a socket, a <c>/proc/self/fd</c> link) is opened and
/// written in place, never truncated, renamed over or deleted. A directory is an error.
/// </summary>
public static class SafeFileWriter
{
    /// <summary>Writes what <paramref name="write"/> produces to <paramref name="path"/> by the rules above.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var (target, mode) = Resolve(path);
        if (mode != Mode.Replace)
        {
            await using var inPlace = OpenInPlace(target);
            await write(inPlace, cancellationToken);
            TrimIfUnknownKind(inPlace, mode);
            return;
        }
        var temp = TempPathFor(target);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp); // no-op once moved
        }
    }

    /// <summary>Synchronous <see cref="WriteAsync"/>.</summary>
    public static void Write(string path, Action<Stream> write) =>
        WriteAsync(path, (s, _) => { write(s); return Task.CompletedTask; }, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> by the rules above.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(path, (s, ct) => s.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no BOM) to <paramref name="path"/> by the rules above.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>
    /// Puts the finished file <paramref name="source"/> (written by someone else, e.g. SQLite) at
    /// <paramref name="path"/>: renamed over a regular or absent target, copied into anything else and then deleted.
    /// </summary>
    public static void Install(string source, string path)
    {
        var (target, mode) = Resolve(path);
        if (mode == Mode.Replace)
        {
            File.Move(source, target, overwrite: true);
            return;
        }
        using (var from = File.OpenRead(source))
        using (var to = OpenInPlace(target))
        {
            from.CopyTo(to);
            TrimIfUnknownKind(to, mode);
        }
        File.Delete(source);
    }

    /// <summary>A temp name beside where <paramref name="path"/>'s content will finally live (its symlink's target).</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        var name = Path.GetFileName(full);
        if (name.Length > 200) name = name[..200]; // a file name is at most 255 bytes
        return Path.Combine(Path.GetDirectoryName(full)!, $".{name}.{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.tmp");
    }

    /// <summary>How a path is written.</summary>
    internal enum Mode
    {
        /// <summary>A regular file or nothing: temp file, fsync, rename.</summary>
        Replace,

        /// <summary>A device, FIFO, socket or open-file link: written into, never truncated.</summary>
        InPlace,

        /// <summary>The type could not be read (no statx): written into, then cut to what was written if it is seekable.</summary>
        InPlaceUnknownKind,
    }

    /// <summary>Where <paramref name="path"/> leads and whether a rename may replace it.</summary>
    internal static (string Target, Mode Mode) Resolve(string path)
    {
        var current = Path.GetFullPath(path);
        for (var hops = 0; hops < 40; hops++)
        {
            // /proc/*/fd links name open files ("pipe:[123]", a deleted file): only opening the link itself reaches them.
            if (current.StartsWith("/proc/", StringComparison.Ordinal)) return (current, Mode.InPlace);
            var link = new FileInfo(current).LinkTarget;
            if (link is null) return Classify(current);
            current = Path.GetFullPath(link, Path.GetDirectoryName(current)!);
        }
        throw new DrydockException($"cannot write '{path}': too many levels of symbolic links");
    }

    private static (string, Mode) Classify(string target)
    {
        if (Directory.Exists(target)) throw new DrydockException($"cannot write '{target}': it is a directory");
        if (!File.Exists(target)) return (target, Mode.Replace);
        return (target, FileKind.IsRegular(target) switch { true => Mode.Replace, false => Mode.InPlace, null => Mode.InPlaceUnknownKind });
    }

    // Without the file type, a longer old regular file must not keep its tail; a device refuses the cut, which is fine.
    private static void TrimIfUnknownKind(FileStream stream, Mode mode)
    {
        if (mode != Mode.InPlaceUnknownKind || !stream.CanSeek) return;
        try
        {
            stream.SetLength(stream.Position);
        }
        catch (IOException)
        {
            // not a regular file: nothing to cut
        }
    }

    // No O_TRUNC: a device or FIFO is written, never reset; FileShare.ReadWrite takes no lock the reader could trip on.
    private static FileStream OpenInPlace(string target) => new(target, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, useAsync: false);

    /// <summary>The file type from statx(2) (its layout is the same on every Linux architecture).</summary>
    private static class FileKind
    {
        private const int AtFdCwd = -100;
        private const uint StatxType = 0x1;
        private const int ModeOffset = 28;
        private const int FormatMask = 0xF000;
        private const int Regular = 0x8000;

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);

        /// <summary>True for a regular file, false for anything else, null where statx is unavailable.</summary>
        public static bool? IsRegular(string path)
        {
            var name = Encoding.UTF8.GetBytes(path + "\0");
            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, name, 0, StatxType, buffer) != 0) return null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return null; // not Linux: the path exists, so write into it rather than replace what may not be a file
            }
            var mode = BitConverter.ToUInt16(buffer, ModeOffset);
            return (mode & FormatMask) == Regular;
        }
    }
}
