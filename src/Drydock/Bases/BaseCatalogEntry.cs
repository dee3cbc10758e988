namespace Drydock.Bases;

/// <summary>A known base image: its reference, manifest digest and layer diff ids (bottom → top).</summary>
public sealed record BaseCatalogEntry(string Reference, string? Digest, IReadOnlyList<string> DiffIds, DateTimeOffset AddedAt);
