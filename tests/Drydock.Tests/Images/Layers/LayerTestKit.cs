using Drydock.Images.FileSystem;
using Drydock.Images.Layers;
using Drydock.Tests.Builders;

namespace Drydock.Tests.Images.Layers;

/// <summary>An interest in exact paths.</summary>
internal sealed class PathInterest(params string[] paths) : IFileInterest
{
    public bool Wants(string path, long size, int mode) => paths.Contains(path);
}

/// <summary>Wants the listed paths and reads at most <paramref name="maxBytes"/> of each (<see cref="IFileInterest.MaxContentBytes"/>).</summary>
internal sealed class BoundedInterest(long maxBytes, params string[] paths) : IFileInterest
{
    public bool Wants(string path, long size, int mode) => paths.Contains(path);

    public long MaxContentBytes(string path) => maxBytes;
}

/// <summary>Records warnings and progress reports.</summary>
internal sealed class RecordingProgressSink : IProgressSink
{
    public List<string> Warnings { get; } = [];
    public List<(string Item, long Done)> Reports { get; } = [];

    public void Report(string stage, string item, long done, long? total) => Reports.Add((item, done));

    public void Warn(string message) => Warnings.Add(message);
}

internal static class LayerTestKit
{
    public static Task<FileSystemView> WalkAsync(FakeImage image, params string[] wanted) =>
        LayerWalker.WalkAsync(image, [new PathInterest(wanted), EveryEntry.Instance], LayerWalkOptions.Default,
            NullProgressSink.Instance, CancellationToken.None);

    public static string Read(FileSystemView view, string path)
    {
        using var reader = new StreamReader(view.OpenRead(path));
        return reader.ReadToEnd();
    }

    public static string[] Paths(FileSystemView view) => view.Entries.Select(e => e.Path).ToArray();
}
