namespace Drydock.Cli;

/// <summary>
/// The clock reports are stamped with: <c>$SOURCE_DATE_EPOCH</c> (reproducible-builds.org) when set, so the same
/// image and database give byte-identical reports; the system clock otherwise.
/// </summary>
internal sealed class ReproducibleClock(DateTimeOffset fixedNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => fixedNow;

    public static TimeProvider FromEnvironment()
    {
        var epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(epoch)) return System;
        return long.TryParse(epoch, out var seconds)
            ? new ReproducibleClock(DateTimeOffset.FromUnixTimeSeconds(seconds))
            : throw new UsageException($"SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds");
    }
}
