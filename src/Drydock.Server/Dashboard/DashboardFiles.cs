using Microsoft.AspNetCore.Http;

namespace Drydock.Server.Dashboard;

/// <summary>
/// Serves the dashboard's static files from the assembly's resources (<c>Dashboard/wwwroot</c>, no build step, no
/// disk). Only the listed names are served; the Content-Security-Policy allows scripts and styles from the server
/// alone, so data shown by the page (written as text, never as markup) cannot run code.
/// </summary>
internal static class DashboardFiles
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    };

    /// <summary>The names served, for the test that each is embedded.</summary>
    public static IReadOnlyCollection<string> Names => ContentTypes.Keys;

    public static async Task WriteAsync(HttpContext context)
    {
        var file = context.Request.RouteValues["file"] as string;
        if (string.IsNullOrEmpty(file)) file = "index.html";
        if (!ContentTypes.TryGetValue(file, out var type) || Open(file) is not { } stream)
        {
            await Api.Problems.NotFound(context, $"the dashboard has no file '{file}'");
            return;
        }
        await using (stream)
        {
            var headers = context.Response.Headers;
            headers.ContentType = type;
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    internal static Stream? Open(string name) => typeof(DashboardFiles).Assembly.GetManifestResourceStream("dashboard/" + name);
}
