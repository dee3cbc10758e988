using Drydock.Images.Sources.Registry;
using Drydock.Tests.Builders;
using Drydock.Tests.Vulnerabilities.Database;
using Drydock.Vulnerabilities.Distribution;

namespace Drydock.Tests.Vulnerabilities.Distribution;

/// <summary>--db-repository without a registry: a fresh database makes no request; a stale one whose pull fails is kept and said.</summary>
public sealed class DbAutoPullTests
{
    private static readonly DateTimeOffset Built = ArtifactDatabase.Built;

    private sealed class Warnings : IProgressSink
    {
        public List<string> Messages { get; } = [];

        public void Report(string stage, string item, long done, long? total) { }

        public void Warn(string message) => Messages.Add(message);
    }

    [Theory]
    [InlineData(1, DbAutoPullOutcome.Fresh)]
    [InlineData(30, DbAutoPullOutcome.Kept)]
    public async Task Ensure_ClosedPortRegistry_FreshUsedWithoutRequest_StaleKeptWithWarning(int hoursLater, DbAutoPullOutcome expected)
    {
        // Given: a database built at Built, a repository on a port nothing listens on
        using var db = TestDatabase.Empty();
        ArtifactDatabase.Build(db.Path, "CVE-2021-1");
        var before = ArtifactDatabase.Rows(db.Path);
        var time = new FixedTimeProvider(Built.AddHours(hoursLater));
        var warnings = new Warnings();
        var puller = new DbPuller(new RegistryClientOptions { MaxAttempts = 1 }, warnings, time);

        // When
        var outcome = await DbAutoPull.EnsureAsync(db.Path, DbArtifact.ParseReference("127.0.0.1:9/team/db"), TimeSpan.FromHours(24), puller, time, warnings, TimeSpan.FromSeconds(5), CancellationToken.None);

        // Then
        Assert.Equal(expected, outcome);
        Assert.Equal(before, ArtifactDatabase.Rows(db.Path));
        if (expected == DbAutoPullOutcome.Fresh) Assert.Empty(warnings.Messages);
        else Assert.EndsWith($"; the database at {db.Path} is kept as it was", Assert.Single(warnings.Messages), StringComparison.Ordinal);
    }
}
