using Drydock.Images.Targets;
using Drydock.Inventory;
using Drydock.Scanning;
using Drydock.Scanning.Pipeline;

namespace Drydock.Tests.Scanning;

/// <summary>The production parts over a test's database and cache, offline unless the test gives registry services.</summary>
internal static class TestScanner
{
    public static ImageScanner With(string? database = null, string? cache = null, IReadOnlyList<IAnalyzer>? analyzers = null,
        TimeProvider? clock = null, RegistryServices? registry = null)
    {
        var parts = ScannerParts.Default(new ScannerSettings { DatabasePath = database, CachePath = cache, Clock = clock ?? TimeProvider.System });
        return new ImageScanner(parts with { Analyzers = analyzers ?? parts.Analyzers, Registry = registry });
    }

    /// <summary>A request for <paramref name="target"/> (target grammar text), parsed as a front end does.</summary>
    public static ScanRequest Request(string target) => new() { Target = TargetParser.Parse(target) };
}
