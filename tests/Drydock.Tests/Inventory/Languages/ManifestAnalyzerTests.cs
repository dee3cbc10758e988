using Drydock.Inventory.Languages.DotNet;
using Drydock.Inventory.Languages.Php;
using Drydock.Inventory.Languages.Ruby;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

public sealed class ManifestAnalyzerTests
{
    [SharedDataFact]
    public void Analyze_TrivyComposerVendorInstalledJson_EqualsTrivyGolden()
    {
        // Given
        var fs = new MemoryFileSystem().AddDirectoryTree(TrivyGolden.Fixture("composer-vendor"), "app/vendor/composer");

        // When
        var result = fs.Run(new ComposerInstalledAnalyzer());

        // Then
        Assert.Equal(TrivyGolden.Packages("composer.vendor.json.golden"), TrivyGolden.Of(result));
        var psr7 = result.Packages.Single(p => p.Name == "psr7");
        Assert.Equal(("pkg:composer/guzzlehttp/psr7@1.8.3", "app/vendor/composer/installed.json"), (psr7.Purl, psr7.FoundIn));
        Assert.Equal(["psr/http-message", "ralouphie/getallheaders"], psr7.DependsOn);
        Assert.Equal(["MIT"], psr7.Licenses);
    }

    [Fact]
    public void Analyze_Composer1ArrayForm_ReportsPackages()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("vendor/composer/installed.json", """[{"name":"monolog/monolog","version":"1.27.1","license":["MIT"]}]""");

        // When
        var result = fs.Run(new ComposerInstalledAnalyzer());

        // Then
        Assert.Equal(["monolog/monolog@1.27.1"], TrivyGolden.Of(result));
    }

    [Fact]
    public void Analyze_Composer2DevPackages_AreLeftOut()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("vendor/composer/installed.json",
            """{"packages":[{"name":"a/b","version":"1.0.0"},{"name":"phpunit/phpunit","version":"9.6.0"}],"dev":true,"dev-package-names":["phpunit/phpunit"]}""");

        // When
        var result = fs.Run(new ComposerInstalledAnalyzer());

        // Then
        Assert.Equal(["a/b@1.0.0"], TrivyGolden.Of(result));
    }

    [SharedDataFact]
    public void Analyze_TrivyDotnetDepsJson_EqualsTrivyGolden()
    {
        // Given
        var fs = new MemoryFileSystem().AddDirectoryTree(TrivyGolden.Fixture("dotnet"), "app");

        // When
        var result = fs.Run(new DotNetDepsAnalyzer());

        // Then
        Assert.Equal(TrivyGolden.Packages("dotnet.json.golden"), TrivyGolden.Of(result));
        Assert.Contains(result.Packages, p => p.Purl == "pkg:nuget/Newtonsoft.Json@9.0.1" && p.FoundIn == "app/datacollector.deps.json");
    }

    [Fact]
    public void Analyze_DepsJsonWithBadLibraryKey_Warns()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("app/x.deps.json", """{"libraries":{"NoVersion":{"type":"package"}}}""", layer: 2);

        // When
        var result = fs.Run(new DotNetDepsAnalyzer());

        // Then
        Assert.Equal(("app/x.deps.json", (int?)2), (result.Warnings.Single().Path, result.Warnings.Single().LayerIndex));
    }

    [Fact]
    public void Analyze_InstalledGemspecs_ReportsEveryWriterForm()
    {
        // Given: the to_ruby form of RubyGems 3 and an older Gem::Version.new form.
        const string rake = """
            # -*- encoding: utf-8 -*-
            # stub: rake 13.0.6 ruby lib

            Gem::Specification.new do |s|
              s.name = "rake".freeze
              s.version = "13.0.6"
              s.licenses = ["MIT".freeze]
              s.add_runtime_dependency(%q<minitest>.freeze, [">= 0"])
              s.add_development_dependency(%q<rubocop>.freeze, [">= 0"])
            end
            """;
        const string old = """
            Gem::Specification.new do |s|
              s.name = %q{json}
              s.version = Gem::Version.new("2.6.3")
              s.license = 'Ruby'
            end
            """;
        var fs = new MemoryFileSystem()
            .AddFile("usr/local/bundle/specifications/rake-13.0.6.gemspec", rake, layer: 1)
            .AddFile("var/lib/gems/3.1.0/specifications/json-2.6.3.gemspec", old)
            .AddFile("usr/local/bundle/gems/rake-13.0.6/rake.gemspec", rake);

        // When
        var result = fs.Run(new GemspecAnalyzer());

        // Then
        Assert.Equal(["json@2.6.3", "rake@13.0.6"], TrivyGolden.Of(result));
        var r = result.Packages.Single(p => p.Name == "rake");
        Assert.Equal(("pkg:gem/rake@13.0.6", 1), (r.Purl, r.LayerIndex));
        Assert.Equal(["MIT"], r.Licenses);
        Assert.Equal(["minitest"], r.DependsOn);
        Assert.Equal(["Ruby"], result.Packages.Single(p => p.Name == "json").Licenses);
    }
}
