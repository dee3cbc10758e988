using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>
/// Downloads one feed file into the feed cache: conditional (If-None-Match / If-Modified-Since from the validators
/// kept beside the file, RFC 9110 §13), retried with exponential backoff on 5xx, 429 and broken transfers, written to a
/// <c>.part</c> file and renamed only once complete and (when the feed publishes one) its sha256 verified.
/// </summary>
public sealed class FeedDownloader(HttpClient http, IProgressSink progress, int attempts = 4, TimeSpan? firstDelay = null)
{
    private readonly TimeSpan _firstDelay = firstDelay ?? TimeSpan.FromSeconds(1);

    public async Task<DownloadOutcome> DownloadAsync(string feed, FeedFile file, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.LatestPointer is { } pointer)
        {
            var url = await ResolvePointerAsync(feed, pointer, cancellationToken);
            file = file with { Url = file.RepoDataType is { } type ? await RepoMetadata.LocateAsync(http, feed, url, type, cancellationToken) : url };
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var validators = destination + ".validators";
        var (etag, lastModified) = File.Exists(destination) && File.Exists(validators) ? ReadValidators(validators) : (null, null);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
                if (etag is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
                if (lastModified is not null && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lm))
                    request.Headers.IfModifiedSince = lm;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotModified) return new DownloadOutcome(DownloadResult.NotModified, etag, lastModified);
                if (response.StatusCode == HttpStatusCode.NotFound) return new DownloadOutcome(DownloadResult.Missing, null, null);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                    throw new HttpRequestException($"{file.Url}: HTTP {(int)response.StatusCode}", null, response.StatusCode);
                if (!response.IsSuccessStatusCode)
                    throw new DrydockException($"feed {feed}: {file.Url} answered HTTP {(int)response.StatusCode}");
                var part = destination + ".part-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
                try
                {
                    await CopyAsync(feed, response, part, cancellationToken);
                    if (file.Sha256Url is { } sumUrl) await VerifyAsync(feed, part, sumUrl, file.RelativePath, cancellationToken);
                    SafeFileWriter.Install(part, destination);
                }
                finally
                {
                    File.Delete(part); // no-op once moved; a broken or cancelled transfer leaves nothing behind
                }
                var newEtag = response.Headers.ETag?.ToString();
                var newLastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
                await SafeFileWriter.WriteAllTextAsync(validators, (newEtag ?? "") + "\n" + (newLastModified ?? ""), cancellationToken);
                return new DownloadOutcome(DownloadResult.Downloaded, newEtag, newLastModified);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                var delay = _firstDelay * Math.Pow(2, attempt - 1);
                progress.Warn($"feed {feed}: {file.Url}: {e.Message}; retrying in {delay.TotalSeconds:0.#}s ({attempt}/{attempts - 1})");
                await Task.Delay(delay, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new DrydockException($"feed {feed}: download of {file.Url} failed: {e.Message}", inner: e);
            }
        }
    }

    // The pointer names the file relative to itself; an absent pointer is a failed feed, not a missing optional file.
    private async Task<Uri> ResolvePointerAsync(string feed, Uri pointer, CancellationToken cancellationToken)
    {
        try
        {
            var name = (await http.GetStringAsync(pointer, cancellationToken)).Split('\n')[0].Trim();
            if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal)) throw new DrydockException($"feed {feed}: {pointer} names no file");
            return new Uri(pointer, name);
        }
        catch (HttpRequestException e)
        {
            throw new DrydockException($"feed {feed}: {pointer}: {e.Message}", inner: e);
        }
    }

    private async Task CopyAsync(string feed, HttpResponseMessage response, string part, CancellationToken cancellationToken)
    {
        var expected = response.Content.Headers.ContentLength;
        await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
        await using (var target = File.Create(part))
        {
            var buffer = new byte[1 << 16];
            long done = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                done += read;
                progress.Report("download " + feed, response.RequestMessage?.RequestUri?.AbsolutePath ?? "", done, expected);
            }
            if (expected is { } length && done != length)
                throw new IOException($"truncated download: {done} of {length} bytes");
        }
    }

    // NVD's .meta holds "sha256:<HEX>" of the uncompressed JSON; a plain "<hex>  name" checksum file is also accepted.
    private async Task VerifyAsync(string feed, string part, Uri sumUrl, string name, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(sumUrl, cancellationToken);
        var expected = text.Split((char[])['\n', '\r', ' ', ':', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(t => t.Length == 64 && t.All(Uri.IsHexDigit));
        if (expected is null) throw new DrydockException($"feed {feed}: no sha256 in {sumUrl}");
        var actual = await HashAsync(part, decompress: false, cancellationToken);
        if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase) && name.EndsWith(".gz", StringComparison.Ordinal))
            actual = await HashAsync(part, decompress: true, cancellationToken);
        if (!actual.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(part);
            throw new DrydockException($"feed {feed}: sha256 of {name} is {actual}, {sumUrl} says {expected}");
        }
    }

    private static async Task<string> HashAsync(string path, bool decompress, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using Stream stream = decompress ? new GZipStream(file, CompressionMode.Decompress) : file;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static (string?, string?) ReadValidators(string path)
    {
        var lines = File.ReadAllText(path).Split('\n');
        return (lines[0].Length > 0 ? lines[0] : null, lines.Length > 1 && lines[1].Length > 0 ? lines[1] : null);
    }
}

public enum DownloadResult
{
    Downloaded,
    NotModified,
    Missing,
}

/// <summary>What one download did and the validators the server sent.</summary>
public sealed record DownloadOutcome(DownloadResult Result, string? ETag, string? LastModified);
