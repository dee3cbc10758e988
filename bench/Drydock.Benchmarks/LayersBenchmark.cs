using System.Diagnostics;
using System.Globalization;
using Drydock.Images.FileSystem;
using Drydock.Images.Layers;

namespace Drydock.Benchmarks;

/// <summary>
/// Whole-process benchmark of reading every layer of an OCI layout image with <c>inspect --list-files</c> work (all
/// metadata, no content), beside the decompression floor: <c>gzip -dc</c> over the same layer blobs, measured in the
/// same run. Prints medians of <c>runs</c> alternating runs, the ratio, and peak RSS (VmHWM of this process).
/// </summary>
internal static class LayersBenchmark
{
    public static async Task<int> RunAsync(string layout, int runs)
    {
        var image = OciLayoutImage.Open(layout);
        var blobs = image.Layers.Select(l => image.BlobPath(l.Descriptor.Digest)).ToList();
        foreach (var (layer, blob) in image.Layers.Zip(blobs))
            Console.WriteLine($"layer {layer.Index}: {layer.Descriptor.MediaType} {layer.Descriptor.Size:N0} B stored");
        var gzipBlobs = blobs.Where((_, i) => image.Layers[i].Compression == Drydock.Images.LayerCompression.Gzip).ToList();
        await GzipAsync(gzipBlobs); // warm the page cache for both contenders
        var walkTimes = new List<double>();
        var gzipTimes = new List<double>();
        var entries = 0;
        for (var run = 0; run < runs; run++)
        {
            gzipTimes.Add(await GzipAsync(gzipBlobs));
            GC.Collect(); // the previous run's view is garbage; start each run from the same heap
            var watch = Stopwatch.StartNew();
            var progress = new RssSamplingSink();
            var view = await LayerWalker.WalkAsync(image, [], LayerWalkOptions.Default, progress, CancellationToken.None);
            var listing = ListFiles(view);
            walkTimes.Add(watch.Elapsed.TotalSeconds);
            entries = view.Entries.Count;
            Console.WriteLine($"run {run + 1}: walk {walkTimes[^1]:F3} s, gzip -dc {gzipTimes[^1]:F3} s, "
                              + $"{entries} entries ({listing:N0} chars listed), RSS while reading: first sample {progress.FirstRssMb:F1} MB, max {progress.MaxRssMb:F1} MB");
        }
        var walk = Median(walkTimes);
        var gzip = Median(gzipTimes);
        Console.WriteLine($"entries: {entries}, wall (median of {runs}): walk {walk:F3} s, gzip -dc {gzip:F3} s, "
                          + $"ratio {walk / gzip:F2}, peak RSS {PeakRssMb():F1} MB");
        return 0;
    }

    // What `inspect --list-files` does with the view: one formatted line per entry.
    private static long ListFiles(FileSystemView view)
    {
        long chars = 0;
        foreach (var e in view.Entries)
            chars += $"{e.ModeString} {e.Uid}/{e.Gid} {e.Size} {e.LayerIndex} {e.Path}".Length;
        return chars;
    }

    private static async Task<double> GzipAsync(List<string> blobs)
    {
        if (blobs.Count == 0) return double.NaN;
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("gzip -dc \"$@\" > /dev/null");
        start.ArgumentList.Add("gzip");
        foreach (var blob in blobs) start.ArgumentList.Add(blob);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"gzip -dc failed ({process.ExitCode})");
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    // VmHWM is the kernel's high-water mark of resident memory for the whole process since it started.
    internal static double PeakRssMb() => StatusKb("VmHWM:") / 1024.0;

    internal static double RssMb() => StatusKb("VmRSS:") / 1024.0;

    private static long StatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    /// <summary>Samples RSS at every progress report (every 4 MiB of stored bytes) to show it does not grow.</summary>
    private sealed class RssSamplingSink : Drydock.IProgressSink
    {
        public double FirstRssMb { get; private set; }
        public double MaxRssMb { get; private set; }
        public void Report(string stage, string item, long done, long? total)
        {
            var rss = RssMb();
            if (FirstRssMb == 0) FirstRssMb = rss;
            MaxRssMb = Math.Max(MaxRssMb, rss);
        }

        public void Warn(string message) => Console.Error.WriteLine("warning: " + message);
    }
}
