using System.Text;
using Drydock.Inventory;
using Drydock.Inventory.Languages.Go;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Inventory.Languages;

public sealed class GoBinaryAnalyzerTests
{
    // runtime/debug/mod.go: the module info is wrapped in these two 16-byte sentinels (infoStart / infoEnd).
    private static readonly byte[] InfoStart = Convert.FromHexString("3077af0c9274080241e1c107e6d618e6");
    private static readonly byte[] InfoEnd = Convert.FromHexString("f932433186182072008242104116d8f2");

    internal const string ModInfo =
        "path\tgithub.com/example/tool/cmd/tool\n" +
        "mod\tgithub.com/example/tool\tv1.4.2\th1:abc=\n" +
        "dep\tgithub.com/spf13/cobra\tv1.8.0\th1:x=\n" +
        "dep\tgolang.org/x/sys\tv0.15.0\th1:y=\n" +
        "=>\tgithub.com/fork/sys\tv0.16.0\th1:z=\n" +
        "build\tGOOS=linux\n";

    /// <summary>debug/buildinfo's inline form (Go 1.18+): 32-byte header, then two uvarint-prefixed strings.</summary>
    internal static byte[] BuildInfoBlob(string goVersion, string modinfo)
    {
        var ms = new MemoryStream();
        ms.WriteByte(0xFF);
        ms.Write(" Go buildinf:"u8);
        ms.WriteByte(8);
        ms.WriteByte(2);
        ms.Write(new byte[16]);
        WriteString(ms, Encoding.UTF8.GetBytes(goVersion));
        WriteString(ms, [.. InfoStart, .. Encoding.UTF8.GetBytes(modinfo), .. InfoEnd]);
        return ms.ToArray();
    }

    [Fact]
    public void Analyze_ElfWithBuildInfoSection_ReportsMainModuleDepsWithReplacementAndStdlib()
    {
        // Given
        var elf = ElfBuilder.Build(true, false, (".text", new byte[5000]), (".go.buildinfo", BuildInfoBlob("go1.22.1", ModInfo)));
        var fs = new MemoryFileSystem().AddFile("usr/local/bin/tool", elf, layer: 2, mode: 0x1ED);

        // When
        var result = fs.Run(new GoBinaryAnalyzer());

        // Then
        Assert.Empty(result.Warnings);
        Assert.Equal(
            ["pkg:golang/github.com/example/tool@v1.4.2", "pkg:golang/github.com/fork/sys@v0.16.0", "pkg:golang/github.com/spf13/cobra@v1.8.0", "pkg:golang/stdlib@v1.22.1"],
            result.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal));
        Assert.All(result.Packages, p => Assert.Equal(("usr/local/bin/tool", 2, PackageType.Go), (p.FoundIn, p.LayerIndex, p.Type)));
        Assert.Contains(result.Packages, p => p.Name == "github.com/spf13/cobra" && p.Version == "v1.8.0");
    }

    [Fact]
    public void Analyze_PreGo118PointerForm_ResolvesStringsThroughSections()
    {
        // Given: debug/buildinfo's pointer form: the header's two pointers lead to Go string headers {data, len} in
        // .rodata, which ElfBuilder places first, at file offset 64 (virtual address BaseAddress + 64).
        var version = Encoding.UTF8.GetBytes("go1.16.15");
        var modinfo = Encoding.UTF8.GetBytes("path\tex.com/old\nmod\tex.com/old\tv0.3.0\t\ndep\tgithub.com/pkg/errors\tv0.9.1\th1:e=\n");
        const long rodata = ElfBuilder.BaseAddress + 64;
        var ro = new MemoryStream();
        ro.Write(BitConverter.GetBytes(rodata + 32));
        ro.Write(BitConverter.GetBytes((long)version.Length));
        ro.Write(BitConverter.GetBytes(rodata + 32 + version.Length));
        ro.Write(BitConverter.GetBytes((long)modinfo.Length));
        ro.Write(version);
        ro.Write(modinfo);
        var header = new MemoryStream();
        header.WriteByte(0xFF);
        header.Write(" Go buildinf:"u8);
        header.WriteByte(8);
        header.WriteByte(0);
        header.Write(BitConverter.GetBytes(rodata));
        header.Write(BitConverter.GetBytes(rodata + 16));
        var elf = ElfBuilder.Build(true, false, (".rodata", ro.ToArray()), (".go.buildinfo", header.ToArray()), (".text", new byte[4096]));
        var fs = new MemoryFileSystem().AddFile("usr/bin/old", elf, mode: 0x1ED);

        // When
        var result = fs.Run(new GoBinaryAnalyzer());

        // Then
        Assert.Empty(result.Warnings);
        Assert.Equal(["pkg:golang/ex.com/old@v0.3.0", "pkg:golang/github.com/pkg/errors@v0.9.1", "pkg:golang/stdlib@v1.16.15"],
            result.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyze_DevelMainModuleWithoutElf_ReportsEmptyVersion()
    {
        // Given: a non-ELF file (Mach-O, PE) is searched for the magic; "(devel)" is no version.
        var blob = BuildInfoBlob("go1.21.5 X:boringcrypto", "path\tex.com/a\nmod\tex.com/a\t(devel)\t\n");
        var fs = new MemoryFileSystem().AddFile("app/a", [.. new byte[4096], .. blob], mode: 0x1ED);

        // When
        var result = fs.Run(new GoBinaryAnalyzer());

        // Then
        Assert.Equal(["pkg:golang/ex.com/a", "pkg:golang/stdlib@v1.21.5"], result.Packages.Select(p => p.Purl).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyze_TruncatedBuildInfo_WarnsWithPathAndLayer()
    {
        // Given
        var blob = BuildInfoBlob("go1.22.1", ModInfo);
        var fs = new MemoryFileSystem().AddFile("usr/bin/broken", [.. new byte[4096], .. blob.AsSpan(0, 60)], layer: 1, mode: 0x1ED);

        // When
        var result = fs.Run(new GoBinaryAnalyzer());

        // Then
        Assert.Empty(result.Packages);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("usr/bin/broken", (int?)1), (warning.Path, warning.LayerIndex));
    }

    [Theory]
    [InlineData("usr/bin/tool", 0x1ED, 10_000, true)]
    [InlineData("usr/bin/tool", 0x1A4, 10_000, false)]
    [InlineData("usr/bin/tool", 0x1ED, 100, false)]
    [InlineData("usr/bin/tool", 0x1ED, 65L << 20, true)] // declared, so the walker lists it and says it was not read (issue 18)
    [InlineData("var/cache/tool", 0x1ED, 10_000, false)]
    public void Wants_ExecutablesInProgramDirectoriesFromTheMinimumSize(string path, int mode, long size, bool expected)
    {
        Assert.Equal(expected, new GoBinaryAnalyzer().Wants(path, size, mode));
    }

    private static void WriteString(MemoryStream ms, byte[] s)
    {
        var n = (ulong)s.Length;
        while (n >= 0x80)
        {
            ms.WriteByte((byte)(n | 0x80));
            n >>= 7;
        }
        ms.WriteByte((byte)n);
        ms.Write(s);
    }
}
