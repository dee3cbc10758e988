namespace Drydock.IntegrationTests.Release;

/// <summary>
/// The Debian archive <c>scripts/arm64-sysroot.sh</c> fetches from (<c>$DEBIAN_MIRROR</c>, default deb.debian.org, as
/// in the script), probed once when a test that needs it is discovered: is bookworm's signed release file there?
/// </summary>
internal static class DebianMirror
{
    public static string Url { get; } = Environment.GetEnvironmentVariable("DEBIAN_MIRROR") is { Length: > 0 } m ? m : "http://deb.debian.org/debian";

    /// <summary>Null when the mirror answers for bookworm within 15 s; else why not.</summary>
    public static string? Unreachable()
    {
        var release = Url.TrimEnd('/') + "/dists/bookworm/InRelease";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var request = new HttpRequestMessage(HttpMethod.Head, release);
            using var response = http.Send(request);
            return response.IsSuccessStatusCode ? null : $"{release} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"{release}: {e.Message}";
        }
    }
}
