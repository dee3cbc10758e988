using Drydock.Inventory;

namespace Drydock.Tests.Inventory.RedHat;

/// <summary>Stands in for an rpm database (the tests need rpms in given layers, not a database to decode).</summary>
internal sealed class FakeRpmAnalyzer(params (string Name, string Version, int Layer)[] packages) : IAnalyzer
{
    public string Id => "fake-rpm";

    public int Version => 1;

    public bool Wants(string path, long size, int mode) => false;

    public AnalyzerResult Analyze(AnalysisContext context) => new()
    {
        Packages = [.. packages.Select(p => new Package
        {
            Type = PackageType.Rpm,
            Name = p.Name,
            Version = p.Version,
            Architecture = "x86_64",
            Purl = $"pkg:rpm/redhat/{p.Name}@{p.Version}?arch=x86_64",
            FoundIn = "var/lib/rpm/rpmdb.sqlite",
            LayerIndex = p.Layer,
        })],
    };
}
