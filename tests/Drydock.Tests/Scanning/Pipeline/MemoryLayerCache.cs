using Drydock.Scanning.Cache;

namespace Drydock.Tests.Scanning.Pipeline;

/// <summary>Layer records in a dictionary: what the scanner stored, and under which keys, for a test to look at.</summary>
internal sealed class MemoryLayerCache : ILayerRecordCache
{
    public Dictionary<string, byte[]> Records { get; } = new(StringComparer.Ordinal);

    public ILayerRecordCache Open() => this;

    public byte[]? TryGet(string key) => Records.GetValueOrDefault(key);

    public void Put(string key, byte[] data) => Records[key] = data;

    public void Dispose()
    {
        // The records outlive each scan, as a file-backed cache's do.
    }
}
