namespace Drydock.Images.FileSystem;

/// <summary>What the <see cref="IFileExtractor"/> named <paramref name="ExtractorId"/> kept of one regular file.</summary>
public sealed record FileExtract(string ExtractorId, ReadOnlyMemory<byte> Data);
