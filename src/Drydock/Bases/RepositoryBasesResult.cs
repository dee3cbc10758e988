namespace Drydock.Bases;

/// <summary>What reading a repository's tags gave: the entries, the tags skipped with why, and how many tags were left unread.</summary>
public sealed record RepositoryBasesResult(IReadOnlyList<BaseCatalogEntry> Entries, IReadOnlyList<string> Skipped, int NotRead);
