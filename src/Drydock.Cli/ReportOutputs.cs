using Drydock.Reports;
using Drydock.Scanning;

namespace Drydock.Cli;

/// <summary>
/// Writes a report in every format asked for: <c>--format F</c> to stdout (or <c>--output PATH</c>), plus each
/// <c>-o F=PATH</c>. Files go through <see cref="SafeFileWriter"/>: a regular file is replaced atomically, so a failed
/// run never leaves half a report; a device, FIFO or symlink is written into, never replaced. <c>/dev/stdout</c> and
/// <c>-</c> are this command's stdout, in order with the rest of it.
/// </summary>
internal static class ReportOutputs
{
    public static async Task WriteAsync(ScanReport report, string format, string? output, IReadOnlyList<string> extra, TextWriter stdout, CancellationToken ct)
    {
        var targets = new List<(string Format, string? Path)> { (format, output) };
        foreach (var spec in extra)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1) throw new UsageException($"invalid -o '{spec}': expected FORMAT=PATH, e.g. -o sarif=report.sarif");
            targets.Add((spec[..eq], spec[(eq + 1)..]));
        }
        // Resolve every writer first: an unknown format is a usage error before anything is written.
        var writers = targets.Select(t => (Writer: ReportWriters.Get(t.Format, colour: t.Path is null && !Console.IsOutputRedirected && t.Format == "table"), t.Path)).ToList();
        foreach (var (writer, path) in writers)
        {
            if (path is null or "-" or "/dev/stdout")
            {
                using var buffer = new MemoryStream();
                await writer.WriteAsync(report, buffer, ct);
                await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                await stdout.FlushAsync(ct);
                continue;
            }
            var full = Path.GetFullPath(path);
            var dir = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(dir)) throw new UsageException($"cannot write report '{path}': directory '{dir}' does not exist");
            await SafeFileWriter.WriteAsync(full, (file, token) => writer.WriteAsync(report, file, token), ct);
        }
    }
}
