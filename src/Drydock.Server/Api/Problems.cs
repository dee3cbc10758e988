using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Drydock.Server.Api;

/// <summary>Writes every Drydock API error as <c>application/problem+json</c> (RFC 9457) with one clear sentence in <c>detail</c>.</summary>
internal static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var problem = new Problem("about:blank", title, status, detail);
        return JsonSerializer.SerializeAsync(context.Response.Body, problem, ServerJsonContext.Default.Problem, context.RequestAborted);
    }

    public static Task BadRequest(HttpContext context, string detail) => WriteAsync(context, StatusCodes.Status400BadRequest, "Bad request", detail);

    public static Task NotFound(HttpContext context, string detail) => WriteAsync(context, StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>Reads a JSON body with <paramref name="type"/>; on malformed JSON writes a 400 problem and returns null.</summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
            if (value is null) await BadRequest(context, "the request body is empty or null; a JSON object is expected");
            return value;
        }
        catch (JsonException e)
        {
            await BadRequest(context, $"the request body is not valid JSON: {e.Message}");
            return null;
        }
    }
}
