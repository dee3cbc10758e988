using Drydock.Inventory.Languages.Npm;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

public sealed class NpmAnalyzerTests
{
    [Fact]
    public void Analyze_InstalledPackageJsons_ReportsScopedNamesLicensesAndDependencies()
    {
        // Given
        var fs = new MemoryFileSystem()
            .AddFile("app/node_modules/@babel/core/package.json", """{"name":"@babel/core","version":"7.23.0","license":{"type":"MIT"},"dependencies":{"debug":"^4"}}""", layer: 2)
            .AddFile("app/node_modules/old/package.json", """{"name":"old","version":"0.1.0","licenses":[{"type":"BSD"},"MIT"]}""")
            .AddFile("app/node_modules/old/node_modules/ms/package.json", """{"name":"ms","version":"2.0.0","license":"MIT"}""")
            .AddFile("app/node_modules/old/test/fixture/package.json", """{"name":"fixture","version":"9.9.9"}""")
            .AddFile("app/package.json", """{"name":"app","version":"1.0.0"}""");

        // When
        var result = fs.Run(new NpmPackageJsonAnalyzer());

        // Then
        Assert.Equal(["@babel/core@7.23.0", "app@1.0.0", "ms@2.0.0", "old@0.1.0"], TrivyGolden.Of(result));
        Assert.Equal(["app/package.json"], result.Packages.Where(p => p.IsApplication).Select(p => p.FoundIn));
        var babel = result.Packages.Single(p => p.Name == "core");
        Assert.Equal(("pkg:npm/%40babel/core@7.23.0", 2, "app/node_modules/@babel/core/package.json"), (babel.Purl, babel.LayerIndex, babel.FoundIn));
        Assert.Equal(["MIT"], babel.Licenses);
        Assert.Equal(["debug"], babel.DependsOn);
        Assert.Equal(["BSD", "MIT"], result.Packages.Single(p => p.Name == "old").Licenses);
    }

    [Fact]
    public void Analyze_RootManifestBesideNodeModules_IsTheApplicationWithItsDependencies()
    {
        // Given: a node app at the image root and one under srv/web; a package.json without node_modules beside it is no app
        var fs = new MemoryFileSystem()
            .AddFile("package.json", """{"name":"root-app","version":"0.1.0","dependencies":{"left-pad":"^1"}}""")
            .AddFile("node_modules/left-pad/package.json", """{"name":"left-pad","version":"1.3.0"}""")
            .AddFile("srv/web/package.json", """{"name":"web","version":"2.0.0","dependencies":{"express":"^4"}}""", layer: 3)
            .AddFile("srv/web/node_modules/express/package.json", """{"name":"express","version":"4.19.2"}""", layer: 3)
            .AddFile("opt/notes/package.json", """{"name":"notes","version":"1.0.0"}""");

        // When
        var result = fs.Run(new NpmPackageJsonAnalyzer());

        // Then
        Assert.Equal(["express@4.19.2", "left-pad@1.3.0", "root-app@0.1.0", "web@2.0.0"], TrivyGolden.Of(result));
        var apps = result.Packages.Where(p => p.IsApplication).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([("root-app", "package.json", 0), ("web", "srv/web/package.json", 3)], apps.Select(p => (p.Name, p.FoundIn, p.LayerIndex)));
        Assert.Equal(["express"], apps[1].DependsOn);
        Assert.Equal("pkg:npm/web@2.0.0", apps[1].Purl);
    }

    [Fact]
    public void Analyze_DamagedPackageJson_WarnsAndKeepsTheRest()
    {
        // Given
        var fs = new MemoryFileSystem()
            .AddFile("node_modules/bad/package.json", "{\"name\": \"bad\", ", layer: 4)
            .AddFile("node_modules/good/package.json", """{"name":"good","version":"1.0.0"}""");

        // When
        var result = fs.Run(new NpmPackageJsonAnalyzer());

        // Then
        Assert.Equal(["good@1.0.0"], TrivyGolden.Of(result));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("node_modules/bad/package.json", (int?)4), (warning.Path, warning.LayerIndex));
    }

    [SharedDataFact]
    public void Analyze_TrivyNpmLockfileV1_EqualsTrivyGolden()
    {
        // Given: Trivy's "npm" repository case; its node_modules folder only carries license samples, so the lockfile alone.
        var fs = new MemoryFileSystem().AddHostFile("package-lock.json", TrivyGolden.Fixture("npm/package-lock.json"));

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then: the dev-only z-lock is left out, as in npm.json.golden.
        Assert.Equal(TrivyGolden.Packages("npm.json.golden"), TrivyGolden.Of(result));
    }

    [SharedDataFact]
    public void Analyze_LockfileBesideNodeModules_IsLeftToTheInstalledPackages()
    {
        // Given
        var fs = MemoryFileSystem.FromDirectory(TrivyGolden.Fixture("npm"));

        // When
        var fromLock = fs.Run(new NpmLockfileAnalyzer());
        var installed = fs.Run(new NpmPackageJsonAnalyzer());

        // Then
        Assert.Empty(fromLock.Packages);
        Assert.Equal(["jquery@3.3.9", "promise@8.0.3", "react-is@16.8.6", "react@16.8.6", "redux@4.0.1", "z-lock@1.0.0"], TrivyGolden.Of(installed));
    }

    [SharedDataFact]
    public void Analyze_TrivyYarnLockWithPackageJson_KeepsRuntimeDependenciesOnly()
    {
        // Given
        var fs = new MemoryFileSystem()
            .AddHostFile("yarn.lock", TrivyGolden.Fixture("yarn/yarn.lock"))
            .AddHostFile("package.json", TrivyGolden.Fixture("yarn/package.json"));

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then: yarn.json.golden minus the project itself (Trivy adds "integration@1.0.0" from package.json; Drydock
        // reports dependencies, not the application).
        Assert.Equal(TrivyGolden.Packages("yarn.json.golden").Where(p => p != "integration@1.0.0"), TrivyGolden.Of(result));
    }

    [SharedDataFact]
    public void Analyze_TrivyPnpmLock_EqualsTrivyGolden()
    {
        // Given
        var fs = new MemoryFileSystem().AddHostFile("pnpm-lock.yaml", TrivyGolden.Fixture("pnpm/pnpm-lock.yaml"));

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then
        Assert.Equal(TrivyGolden.Packages("pnpm.json.golden"), TrivyGolden.Of(result));
    }

    [Fact]
    public void Analyze_PackageLockV3_SkipsRootLinksAndDevAndDeduplicates()
    {
        // Given
        const string lockfile = """
            {"name":"app","version":"1.0.0","lockfileVersion":3,"packages":{
              "":{"name":"app","version":"1.0.0"},
              "node_modules/@types/node":{"version":"20.1.0","dev":true},
              "node_modules/debug":{"version":"4.3.4","license":"MIT","dependencies":{"ms":"2.1.2"}},
              "node_modules/debug/node_modules/ms":{"version":"2.1.2"},
              "node_modules/x/node_modules/ms":{"version":"2.1.2"},
              "node_modules/ms":{"version":"2.1.3"},
              "node_modules/ws-pkg":{"resolved":"packages/ws-pkg","link":true},
              "packages/ws-pkg":{"name":"ws-pkg","version":"0.0.1"}
            }}
            """;
        var fs = new MemoryFileSystem().AddFile("srv/app/package-lock.json", lockfile, layer: 1);

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then
        Assert.Equal(["debug@4.3.4", "ms@2.1.2", "ms@2.1.3"], TrivyGolden.Of(result));
        Assert.Equal(["ms"], result.Packages.Single(p => p.Name == "debug").DependsOn);
    }

    [Fact]
    public void Analyze_YarnBerryLock_ReadsYamlFormAndSkipsWorkspace()
    {
        // Given
        const string lockfile = """
            # This file is generated by running "yarn install" inside your project.

            __metadata:
              version: 6
              cacheKey: 8

            "@scope/a@npm:^1.0.0, @scope/a@npm:^1.1.0":
              version: 1.2.0
              resolution: "@scope/a@npm:1.2.0"
              dependencies:
                b: ^2.0.0
              languageName: node
              linkType: hard

            "b@npm:^2.0.0":
              version: 2.0.1
              resolution: "b@npm:2.0.1"
              languageName: node
              linkType: hard

            "app@workspace:.":
              version: 0.0.0-use.local
              resolution: "app@workspace:."
              languageName: unknown
              linkType: soft
            """;
        var fs = new MemoryFileSystem().AddFile("yarn.lock", lockfile);

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then
        Assert.Equal(["@scope/a@1.2.0", "b@2.0.1"], TrivyGolden.Of(result));
        Assert.Equal(["b"], result.Packages.Single(p => p.Name == "a").DependsOn);
    }

    [Fact]
    public void Analyze_PnpmLockV9_KeepsWhatTheImportersReachAtRuntime()
    {
        // Given: the 9.0 layout (packages + snapshots + importers), as `pnpm add debug@4.3.4; pnpm add -D is-number` writes it.
        const string lockfile = """
            lockfileVersion: '9.0'

            settings:
              autoInstallPeers: true
              excludeLinksFromLockfile: false

            importers:

              .:
                dependencies:
                  debug:
                    specifier: 4.3.4
                    version: 4.3.4(supports-color@8.1.1)
                devDependencies:
                  is-number:
                    specifier: 7.0.0
                    version: 7.0.0

            packages:

              debug@4.3.4:
                resolution: {integrity: sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==}
                engines: {node: '>=6.0'}
                peerDependencies:
                  supports-color: '*'

              is-number@7.0.0:
                resolution: {integrity: sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==}

              ms@2.1.2:
                resolution: {integrity: sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==}

              supports-color@8.1.1:
                resolution: {integrity: sha512-MpUEN2OodtUzxvKQl72cUF7RQ5EiHsGvSsVG0ia9c5RbWGL2CI4C7EpPS8UTBIplnlzZiNuV56w+FuNxy3ty2Q==}

            snapshots:

              debug@4.3.4(supports-color@8.1.1):
                dependencies:
                  ms: 2.1.2
                optionalDependencies:
                  supports-color: 8.1.1

              is-number@7.0.0: {}

              ms@2.1.2: {}

              supports-color@8.1.1: {}
            """;
        var fs = new MemoryFileSystem().AddFile("app/pnpm-lock.yaml", lockfile);

        // When
        var result = fs.Run(new NpmLockfileAnalyzer());

        // Then
        Assert.Equal(["debug@4.3.4", "ms@2.1.2", "supports-color@8.1.1"], TrivyGolden.Of(result));
    }

    [Theory]
    [InlineData("/lodash/4.17.4", 5.4, "lodash", "4.17.4")]
    [InlineData("/@babel/core/7.0.0_debug@4.0.0", 5.4, "@babel/core", "7.0.0")]
    [InlineData("/@babel/core@7.0.0(debug@4.0.0)", 6.0, "@babel/core", "7.0.0")]
    [InlineData("@babel/core@7.0.0", 9.0, "@babel/core", "7.0.0")]
    public void SplitKey_EveryPnpmFormat_NameAndVersion(string key, double format, string name, string version)
    {
        Assert.Equal((name, version), PnpmLockParser.SplitKey(key, format));
    }
}
