using System.IO.Compression;
using System.Text;
using Drydock.Inventory.Languages;
using Drydock.Inventory.Languages.Rust;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

public sealed class RustBinaryAnalyzerTests
{
    // The JSON cargo-auditable writes (its README's example shape): indices into "packages" for dependencies.
    internal const string AuditJson = """
        {"packages":[
          {"name":"myapp","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
          {"name":"serde","version":"1.0.193","source":"crates.io","dependencies":[2]},
          {"name":"itoa","version":"1.0.9","source":"crates.io"},
          {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}
        ]}
        """;

    internal static byte[] Zlib(string text)
    {
        var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes(text));
        return ms.ToArray();
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Analyze_ElfWithDepV0_ReportsRuntimeCratesWithDependencies(bool is64, bool bigEndian)
    {
        // Given
        var elf = ElfBuilder.Build(is64, bigEndian, (".text", new byte[4096]), (".dep-v0", Zlib(AuditJson)));
        var fs = new MemoryFileSystem().AddFile("usr/bin/myapp", elf, layer: 3, mode: 0x1ED);

        // When
        var result = fs.Run(new RustBinaryAnalyzer());

        // Then
        Assert.Empty(result.Warnings);
        Assert.Equal(["pkg:cargo/itoa@1.0.9", "pkg:cargo/myapp@0.1.0", "pkg:cargo/serde@1.0.193"], result.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal));
        var app = result.Packages.Single(p => p.Name == "myapp");
        Assert.Equal(["pkg:cargo/itoa@1.0.9", "pkg:cargo/serde@1.0.193"], app.DependsOn);
        Assert.Equal(3, app.LayerIndex);
    }

    [Fact]
    public void Analyze_ElfWithoutAuditSection_ReportsNothing()
    {
        // Given
        var fs = new MemoryFileSystem().AddFile("usr/bin/plain", ElfBuilder.Build(true, false, (".text", new byte[8192])), mode: 0x1ED);

        // When
        var result = fs.Run(new RustBinaryAnalyzer());

        // Then
        Assert.Equal((0, 0), (result.Packages.Count, result.Warnings.Count));
    }

    [Fact]
    public void Analyze_CorruptCompressedSection_Warns()
    {
        // Given
        var elf = ElfBuilder.Build(true, false, (".dep-v0", [0x78, 0x9C, 1, 2, 3, 4, 5]), (".text", new byte[8192]));
        var fs = new MemoryFileSystem().AddFile("app/bin", elf, layer: 1, mode: 0x1ED);

        // When
        var result = fs.Run(new RustBinaryAnalyzer());

        // Then
        Assert.Equal("app/bin", Assert.Single(result.Warnings).Path);
    }

    [Fact]
    public void Find_SectionOutsideFile_Throws()
    {
        // Given: the section header table offset points past the end.
        var elf = ElfBuilder.Build(true, false, (".dep-v0", [1, 2, 3]));
        elf[0x28] = 0xFF;
        elf[0x29] = 0xFF;

        // When / Then
        Assert.Throws<InvalidDataException>(() => ElfSections.Find(elf, ".dep-v0"));
    }
}
