using Drydock.Images;

namespace Drydock.Vulnerabilities.Distribution;

/// <summary>
/// The pulled feed layers, kept by digest beside the database (<c>&lt;db dir&gt;/db-blobs/sha256/&lt;hex&gt;</c>) so that
/// the next pull fetches only layers it has not seen. A blob enters only after its digest was verified while it was
/// downloaded (written to a temp name, renamed into place); after an install, blobs the installed manifest does not
/// name are removed, so the cache holds one database's worth of layers.
/// </summary>
internal sealed class BlobCache(string directory)
{
    public string Directory { get; } = directory;

    public static BlobCache Beside(string databasePath) =>
        new(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(databasePath))!, "db-blobs"));

    public string PathOf(Digest digest) => System.IO.Path.Combine(Directory, digest.Algorithm, digest.Hex);

    public bool Contains(Digest digest, long size) => new FileInfo(PathOf(digest)) is { Exists: true } f && f.Length == size;

    /// <summary>Copies the verifying <paramref name="source"/> in; the blob appears only when the whole content matched.</summary>
    public async Task AddAsync(Digest digest, Stream source, CancellationToken cancellationToken)
    {
        var target = PathOf(digest);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temp = SafeFileWriter.TempPathFor(target);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await source.CopyToAsync(file, cancellationToken);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Removes every cached blob except <paramref name="keep"/>.</summary>
    public void Prune(IReadOnlySet<Digest> keep)
    {
        if (!System.IO.Directory.Exists(Directory)) return;
        foreach (var algorithm in System.IO.Directory.EnumerateDirectories(Directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(algorithm))
            {
                var name = System.IO.Path.GetFileName(file);
                if (name.StartsWith('.') || keep.Contains(new Digest(System.IO.Path.GetFileName(algorithm), name))) continue;
                File.Delete(file);
            }
        }
    }
}
