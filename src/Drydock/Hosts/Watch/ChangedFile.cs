namespace Drydock.Hosts.Watch;

/// <summary>
/// A file read again only when it changed (its length or last write time), so that a long-running watch takes an edited
/// policy on the next cycle without parsing it on every one. A null path always gives <paramref name="absent"/>.
/// </summary>
public sealed class ChangedFile<T>(string? path, Func<string, T> load, T absent)
{
    private (long Length, DateTime Written)? _stamp;
    private T _value = default!;

    public T Get()
    {
        if (path is null) return absent;
        var info = new FileInfo(path);
        if (!info.Exists) throw new DrydockException($"{path} does not exist any more");
        var stamp = (info.Length, info.LastWriteTimeUtc);
        if (_stamp == stamp) return _value;
        _value = load(path);
        _stamp = stamp;
        return _value;
    }
}
