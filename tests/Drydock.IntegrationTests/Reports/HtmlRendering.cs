namespace Drydock.IntegrationTests.Reports;

/// <summary>Renders an HTML file in headless Chromium (Debian's package): the DOM after scripts ran, or a screenshot.</summary>
internal static class HtmlRendering
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] CommonFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars",
    ];

    // Chromium's helper processes may still be closing files in the profile when it exits.
    private static void DeleteQuietly(DirectoryInfo dir)
    {
        try
        {
            dir.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The serialised DOM after the page's script ran (virtual time lets timers settle).</summary>
    public static async Task<string> DumpDomAsync(string htmlFile, string query = "")
    {
        var profile = Directory.CreateTempSubdirectory("drydock-chromium-");
        try
        {
            var r = await ExternalTool.RunAsync(Chromium,
                [.. CommonFlags, "--user-data-dir=" + profile.FullName, "--virtual-time-budget=3000", "--dump-dom", new Uri(htmlFile).AbsoluteUri + query],
                TimeSpan.FromMinutes(2));
            if (r.ExitCode != 0) throw new InvalidOperationException($"chromium failed ({r.ExitCode}): {r.Stderr}");
            return r.Stdout;
        }
        finally
        {
            DeleteQuietly(profile);
        }
    }

    public static async Task<byte[]> ScreenshotAsync(string htmlFile, int width, int height)
    {
        var profile = Directory.CreateTempSubdirectory("drydock-chromium-");
        try
        {
            var png = Path.Combine(profile.FullName, "screenshot.png");
            var r = await ExternalTool.RunAsync(Chromium,
                [.. CommonFlags, "--user-data-dir=" + profile.FullName, "--screenshot=" + png, $"--window-size={width},{height}", new Uri(htmlFile).AbsoluteUri],
                TimeSpan.FromMinutes(2));
            if (r.ExitCode != 0 || !File.Exists(png)) throw new InvalidOperationException($"chromium failed ({r.ExitCode}): {r.Stderr}");
            return await File.ReadAllBytesAsync(png);
        }
        finally
        {
            DeleteQuietly(profile);
        }
    }
}
