namespace Drydock.Scanning.Cache;

/// <summary>
/// Layer records by key (<see cref="CacheKeys.LayerKey"/>), as the scanner reads and writes them; the record says what it
/// was read for (<see cref="LayerContentsSerializer.ReadFor"/>). <see cref="LayerCache"/> is the file-backed one.
/// </summary>
public interface ILayerRecordCache : IDisposable
{
    /// <summary>The record stored under <paramref name="key"/>, or null.</summary>
    byte[]? TryGet(string key);

    /// <summary>Stores <paramref name="data"/> under <paramref name="key"/>, replacing what was there.</summary>
    void Put(string key, byte[] data);

    /// <summary>Stores a record written in chunks (<see cref="LayerContentsSerializer.WriteChunked"/>); by default as one array.</summary>
    void Put(string key, RecordBufferStream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Put(key, data.ToArray());
    }
}
