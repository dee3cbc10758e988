namespace Drydock.Tests.Builders;

/// <summary>A clock that always says the same time, for deterministic gates and reports.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
