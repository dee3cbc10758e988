using Drydock.Images.FileSystem;
using Drydock.Inventory;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

/// <summary>The registered language analyzers together, as a scan runs them: one view, every ecosystem, one damaged file.</summary>
public sealed class LanguageInventoryTests
{
    [Fact]
    public void Build_ImageWithEveryEcosystem_FindsEachWithItsLayerAndWarnsOnTheDamagedOne()
    {
        // Given
        var image = new MemoryFileSystem()
            .AddFile("app/node_modules/ms/package.json", """{"name":"ms","version":"2.1.3","license":"MIT"}""", layer: 1)
            .AddFile("usr/lib/python3/dist-packages/six-1.16.0.egg-info", "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n", layer: 0)
            .AddFile("usr/local/lib/python3.11/site-packages/idna-3.4.dist-info/METADATA", "Metadata-Version: 2.1\nName: idna\nVersion: 3.4\n", layer: 2)
            .AddFile("srv/api/api.deps.json", """{"libraries":{"Serilog/3.1.1":{"type":"package"}}}""", layer: 2)
            .AddFile("usr/local/bundle/specifications/rack-3.0.8.gemspec", "Gem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"3.0.8\"\nend\n", layer: 3)
            .AddFile("var/www/vendor/composer/installed.json", """{"packages":[{"name":"psr/log","version":"3.0.0"}]}""", layer: 3)
            .AddFile("var/www/vendor/composer/installed.json.bak", "not read", layer: 3)
            .AddFile("app/broken/package-lock.json", "{ \"packages\": ", layer: 4);
        var fs = image.KeepingOnly(new AnyInterest(Analyzers.FileInterests));

        // When
        var inventory = InventoryBuilder.Build(fs, Analyzers.All, CancellationToken.None);

        // Then
        Assert.Equal(
            [(PackageType.Npm, "ms", 1), (PackageType.Python, "idna", 2), (PackageType.Python, "six", 0), (PackageType.NuGet, "Serilog", 2), (PackageType.Gem, "rack", 3), (PackageType.Composer, "log", 3)],
            inventory.Packages.Select(p => (p.Type, p.Name, p.LayerIndex)));
        var warning = Assert.Single(inventory.Warnings);
        Assert.Equal(("app/broken/package-lock.json", (int?)4), (warning.Path, warning.LayerIndex));
        Assert.True(inventory.Partial);
    }

    [Fact]
    public void Analyzers_LanguageIds_AreRegisteredUniqueKebabCase()
    {
        // Given / When
        var ids = Analyzers.All.Select(a => a.Id).ToList();

        // Then
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id));
        Assert.Superset(new HashSet<string>(["npm-package-json", "npm-lockfile", "python-dist-info", "python-egg-info",
            "go-binary", "java-archive", "dotnet-deps", "gemspec", "rust-binary", "composer-installed"]), new HashSet<string>(ids));
    }

    private sealed class AnyInterest(IReadOnlyList<IFileInterest> interests) : IFileInterest
    {
        public bool Wants(string path, long size, int mode) => interests.Any(i => i.Wants(path, size, mode));
    }
}
