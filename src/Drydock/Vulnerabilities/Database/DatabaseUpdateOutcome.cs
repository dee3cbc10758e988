namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// What <c>db update</c> did: whether a new database was written, and the feeds that failed and kept their previous
/// data (stale), with the reason. The CLI exits <see cref="ExitCodes.PartialUpdate"/> when <see cref="Stale"/> is not empty.
/// </summary>
public sealed record DatabaseUpdateOutcome(bool Written, IReadOnlyList<FeedHealth> Stale);
