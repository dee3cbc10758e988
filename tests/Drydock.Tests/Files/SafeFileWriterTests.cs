using System.Text;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Files;

public sealed class SafeFileWriterTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Report(int lines) => string.Concat(Enumerable.Range(0, lines).Select(i => $"line {i} of the report\n"));

    [Fact]
    public async Task WriteAsync_CharacterDevice_StaysCharacterDevice()
    {
        // Given
        var device = _dir.Path("null");
        FileKinds.MakeNullDevice(device);

        // When
        await SafeFileWriter.WriteAllTextAsync(device, Report(10), CancellationToken.None);

        // Then
        Assert.Equal("character special file", FileKinds.Of(device));
        Assert.Equal(["null"], Directory.GetFileSystemEntries(_dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_Fifo_ReaderReceivesWholeReport()
    {
        // Given: more than a pipe buffer (64 KiB), so the writer must stream into the reader
        var fifo = _dir.Path("pipe");
        FileKinds.MakeFifo(fifo);
        var report = Report(20_000);
        var reader = Task.Run(() => File.ReadAllText(fifo));

        // When
        await SafeFileWriter.WriteAllTextAsync(fifo, report, CancellationToken.None);

        // Then
        Assert.Equal(report, await reader.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("fifo", FileKinds.Of(fifo));
    }

    [Fact]
    public async Task WriteAsync_SymlinkToRegularFile_KeepsLinkAndTargetHoldsReport()
    {
        // Given: the link's target lives in another directory and is longer than the new report
        Directory.CreateDirectory(_dir.Path("real"));
        var target = _dir.Path("real/report.json");
        await File.WriteAllTextAsync(target, Report(100));
        var link = _dir.Path("report.json");
        File.CreateSymbolicLink(link, "real/report.json");

        // When
        await SafeFileWriter.WriteAllTextAsync(link, "{}\n", CancellationToken.None);

        // Then
        Assert.Equal("symbolic link", FileKinds.Of(link));
        Assert.Equal("real/report.json", new FileInfo(link).LinkTarget);
        Assert.Equal("{}\n", await File.ReadAllTextAsync(target));
        Assert.Equal(["report.json"], Directory.GetFileSystemEntries(_dir.Path("real")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_DanglingSymlink_CreatesTargetAndKeepsLink()
    {
        // Given
        var link = _dir.Path("out.sarif");
        File.CreateSymbolicLink(link, _dir.Path("later.sarif"));

        // When
        await SafeFileWriter.WriteAllTextAsync(link, "sarif", CancellationToken.None);

        // Then
        Assert.Equal("symbolic link", FileKinds.Of(link));
        Assert.Equal("sarif", await File.ReadAllTextAsync(_dir.Path("later.sarif")));
    }

    [Fact]
    public async Task WriteAsync_RegularFile_ReplacedWholeWithoutTempLeftovers()
    {
        // Given
        var path = _dir.Path("sbom.json");
        await File.WriteAllTextAsync(path, Report(100));

        // When
        await SafeFileWriter.WriteAllTextAsync(path, "new", CancellationToken.None);

        // Then
        Assert.Equal("new", await File.ReadAllTextAsync(path));
        Assert.Equal(["sbom.json"], Directory.GetFileSystemEntries(_dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_WriterThrows_RegularFileKeepsOldContent()
    {
        // Given
        var path = _dir.Path("report.txt");
        await File.WriteAllTextAsync(path, "old");

        // When
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SafeFileWriter.WriteAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(Encoding.UTF8.GetBytes("half"), ct);
            throw new InvalidOperationException("boom");
        }, CancellationToken.None));

        // Then
        Assert.Equal("boom", error.Message);
        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["report.txt"], Directory.GetFileSystemEntries(_dir.Root).Select(Path.GetFileName));
    }

    [Fact]
    public void Install_CharacterDevice_CopiesIntoItAndRemovesSource()
    {
        // Given
        var device = _dir.Path("null");
        FileKinds.MakeNullDevice(device);
        var source = _dir.Path("vuln.db.new");
        File.WriteAllText(source, "database");

        // When
        SafeFileWriter.Install(source, device);

        // Then
        Assert.Equal("character special file", FileKinds.Of(device));
        Assert.False(File.Exists(source));
    }

    [Fact]
    public async Task WriteAsync_Directory_RefusedWithOneLine()
    {
        // When
        var error = await Assert.ThrowsAsync<DrydockException>(() => SafeFileWriter.WriteAllTextAsync(_dir.Root, "x", CancellationToken.None));

        // Then
        Assert.Contains("it is a directory", error.Message, StringComparison.Ordinal);
    }
}
