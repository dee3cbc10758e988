namespace Drydock.Images.Sources;

/// <summary>The files of an OCI image layout directory (image-spec image-layout.md).</summary>
internal sealed class DirectoryBlobStore(string root) : IBlobStore
{
    public string Location { get; } = root;

    public bool TryGetLength(string name, out long length)
    {
        var info = new FileInfo(FullPath(name));
        length = info.Exists ? info.Length : 0;
        return info.Exists;
    }

    public Stream Open(string name)
    {
        var path = FullPath(name);
        if (Directory.Exists(path)) throw new DrydockException($"{name} in {Location} is a directory, not a file");
        if (!File.Exists(path)) throw new DrydockException($"{name} is missing from {Location}");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    public void Dispose() { }

    private string FullPath(string name)
    {
        // Names come from fixed file names or validated digests; this guard keeps it that way.
        if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
            throw new InvalidOperationException($"unsafe blob name '{name}'");
        return Path.Combine(Location, name);
    }
}
