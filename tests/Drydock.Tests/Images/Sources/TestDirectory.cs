namespace Drydock.Tests.Images.Sources;

/// <summary>A fresh temp directory for one test, deleted afterwards.</summary>
internal sealed class TestDirectory : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("drydock-test-").FullName;

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp dir does not fail a test
        }
    }
}
