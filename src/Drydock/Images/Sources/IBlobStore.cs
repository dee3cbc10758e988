namespace Drydock.Images.Sources;

/// <summary>
/// Read access to the files of an image on disk: an OCI layout directory or a tar archive (indexed, never extracted).
/// Names are '/'-separated and relative (<c>index.json</c>, <c>blobs/sha256/…</c>); callers build blob names only
/// from validated digests.
/// </summary>
internal interface IBlobStore : IDisposable
{
    /// <summary>Where the files are, for error messages.</summary>
    string Location { get; }

    /// <summary>True when <paramref name="name"/> is a regular file (after resolving links inside the archive).</summary>
    bool TryGetLength(string name, out long length);

    /// <summary>Opens <paramref name="name"/>; a missing file is a <see cref="DrydockException"/> naming it.</summary>
    Stream Open(string name);
}
