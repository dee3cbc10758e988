using Microsoft.AspNetCore.Http;

namespace Drydock.Server.Api;

/// <summary>
/// Serves the OpenAPI 3.0 document of the server's API (<c>Api/openapi.json</c>, embedded). It is written by hand
/// next to the handlers, because the handlers take <see cref="HttpContext"/> only (AOT) and so carry no metadata a
/// generator could read; a unit test checks that every mapped route is in it.
/// </summary>
internal static class OpenApiDocument
{
    public static async Task WriteAsync(HttpContext context)
    {
        await using var stream = Open();
        context.Response.ContentType = "application/json";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    internal static Stream Open() =>
        typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.json") ?? throw new InvalidOperationException("openapi.json is not embedded");
}
