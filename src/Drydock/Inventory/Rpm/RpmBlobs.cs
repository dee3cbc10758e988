namespace Drydock.Inventory.Rpm;

/// <summary>The header blobs read from one rpm database file, and what could not be read (partial result).</summary>
internal sealed record RpmBlobs(IReadOnlyList<byte[]> Blobs, IReadOnlyList<string> Problems);
