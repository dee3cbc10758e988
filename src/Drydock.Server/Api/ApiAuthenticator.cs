using Drydock.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Drydock.Server.Api;

/// <summary>
/// Checks a request's token (<c>Authorization: Bearer …</c>, or Harbor's <c>X-ScannerAdapter-API-Key</c>) and
/// its scope. The token is hashed and looked up; it is never logged.
/// </summary>
internal sealed class ApiAuthenticator(TokenStore tokens)
{
    public const string HarborKeyHeader = "X-ScannerAdapter-API-Key";

    /// <summary>The token the request carries, or null.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        var key = request.Headers[HarborKeyHeader].ToString();
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    /// <summary>Null when the request holds a token with <paramref name="scope"/>; else the status (401, 403) and why.</summary>
    public async Task<(int Status, string Detail)?> CheckAsync(HttpContext context, string scope)
    {
        var token = TokenOf(context.Request);
        if (token is null)
            return (StatusCodes.Status401Unauthorized, $"a token is required: send 'Authorization: Bearer TOKEN' (or '{HarborKeyHeader}: TOKEN')");
        var scopes = await tokens.ScopesAsync(token, context.RequestAborted);
        if (scopes is null) return (StatusCodes.Status401Unauthorized, "the token is not known or was revoked");
        return TokenScopes.Allows(scopes, scope) ? null : (StatusCodes.Status403Forbidden, $"the token lacks the '{scope}' scope");
    }

    /// <summary>Checks the scope and writes a problem when it fails; true when the request may go on.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context, string scope)
    {
        if (await CheckAsync(context, scope) is not { } failure) return true;
        if (failure.Status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(context, failure.Status, failure.Status == 401 ? "Unauthorized" : "Forbidden", failure.Detail);
        return false;
    }
}
