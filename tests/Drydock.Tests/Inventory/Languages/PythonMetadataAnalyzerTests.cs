using Drydock.Inventory.Languages.Python;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

public sealed class PythonMetadataAnalyzerTests
{
    // The head of requests-2.31.0.dist-info/METADATA as pip installs it (metadata 2.1), trimmed.
    private const string RequestsMetadata = """
        Metadata-Version: 2.1
        Name: requests
        Version: 2.31.0
        Summary: Python HTTP for Humans.
        License: Apache 2.0
        Classifier: License :: OSI Approved :: Apache Software License
        Requires-Python: >=3.7
        Requires-Dist: charset-normalizer (<4,>=2)
        Requires-Dist: idna (<4,>=2.5)
        Requires-Dist: urllib3 (<3,>=1.21.1)
        Requires-Dist: PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'

        # Requests
        Name: not-a-header
        """;

    [Fact]
    public void Analyze_DistInfoMetadata_ReportsNormalisedNameLicenseAndRuntimeRequirements()
    {
        // Given
        var fs = new MemoryFileSystem()
            .AddFile("usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA", RequestsMetadata, layer: 3)
            .AddFile("usr/local/lib/python3.12/site-packages/Zope.Interface-6.0.dist-info/METADATA",
                "Metadata-Version: 2.4\nName: Zope.Interface\nVersion: 6.0\nLicense-Expression: ZPL-2.1\n");

        // When
        var result = fs.Run(PythonMetadataAnalyzer.DistInfo);

        // Then
        Assert.Equal(["requests@2.31.0", "zope-interface@6.0"], TrivyGolden.Of(result));
        var requests = result.Packages.Single(p => p.Name == "requests");
        Assert.Equal(("pkg:pypi/requests@2.31.0", 3), (requests.Purl, requests.LayerIndex));
        Assert.Equal(["Apache 2.0"], requests.Licenses);
        Assert.Equal(["charset-normalizer", "idna", "urllib3"], requests.DependsOn);
        Assert.Equal(["ZPL-2.1"], result.Packages.Single(p => p.Name == "zope-interface").Licenses);
    }

    [Fact]
    public void Analyze_EggInfoFileAndDirectory_ReportsBothWithClassifierLicense()
    {
        // Given: Debian installs single-file .egg-info; setuptools a directory with PKG-INFO.
        var fs = new MemoryFileSystem()
            .AddFile("usr/lib/python3/dist-packages/PyJWT-2.6.0.egg-info",
                "Metadata-Version: 2.1\nName: PyJWT\nVersion: 2.6.0\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n")
            .AddFile("opt/app/lib/six.egg-info/PKG-INFO", "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n")
            .AddFile("opt/app/lib/six.egg-info/requires.txt", "");

        // When
        var result = fs.Run(PythonMetadataAnalyzer.EggInfo);

        // Then
        Assert.Equal(["pyjwt@2.6.0", "six@1.16.0"], TrivyGolden.Of(result));
        Assert.Equal(["MIT License"], result.Packages.Single(p => p.Name == "pyjwt").Licenses);
    }

    [Fact]
    public void Analyze_GarbledMetadata_WarnsWithPathAndLayer()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("x/broken-1.0.dist-info/METADATA", "\u0000\u0001garbage without colon\n", layer: 5);

        // When
        var result = fs.Run(PythonMetadataAnalyzer.DistInfo);

        // Then
        Assert.Empty(result.Packages);
        Assert.Equal(("x/broken-1.0.dist-info/METADATA", (int?)5), (result.Warnings[0].Path, result.Warnings[0].LayerIndex));
    }

    [Theory]
    [InlineData("Friendly-Bard", "friendly-bard")]
    [InlineData("FRIENDLY__bard", "friendly-bard")]
    [InlineData("friendly.-_bard", "friendly-bard")]
    [InlineData("ruamel.yaml", "ruamel-yaml")]
    public void NormaliseName_Pep503Examples(string name, string expected)
    {
        Assert.Equal(expected, PythonMetadataParser.NormaliseName(name));
    }
}
