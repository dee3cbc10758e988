using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Turns transport failures and error answers into one-line <see cref="DrydockException"/>s that name the registry
/// and what failed, e.g. <c>registry 127.0.0.1:5000: unreachable (connection refused)</c>. Never includes credentials.
/// </summary>
internal static class RegistryErrors
{
    public static DrydockException Network(string registry, HttpRequestException e) => Network("registry " + registry, registry, e);

    /// <summary><paramref name="place"/> starts the message ("registry HOST", "registry HOST: token server T").</summary>
    public static DrydockException Network(string place, string registry, HttpRequestException e)
    {
        if (e.HttpRequestError == HttpRequestError.SecureConnectionError || HasInner<AuthenticationException>(e))
        {
            return new DrydockException(
                $"{place}: TLS verification failed (certificate not trusted or wrong host name); " +
                $"put its CA in certs.d/{registry}/ca.crt or use --insecure-registry {registry}", inner: e);
        }
        var socket = Inner<SocketException>(e);
        var reason = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not resolved",
            SocketError.TimedOut => "connection timed out",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to host",
            SocketError.ConnectionReset => "connection reset",
            _ => e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name not resolved",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.ResponseEnded => "connection closed before the answer ended",
                _ => FirstLine(e.Message),
            },
        };
        return new DrydockException($"{place}: unreachable ({reason})", inner: e);
    }

    public static DrydockException Timeout(string registry, TimeSpan timeout, string what) =>
        new($"registry {registry}: no answer within {timeout.TotalSeconds:0} s ({what})", inner: new TimeoutException());

    public static DrydockException AuthenticationFailed(string registry, string repository, HttpStatusCode status) =>
        new($"registry {registry}: authentication failed for {repository} ({(int)status})");

    public static DrydockException AuthenticationRequired(string registry, string repository) =>
        new($"registry {registry}: authentication required for {repository} (401); log in with 'docker login {registry}' or add credentials to the Docker config");

    /// <summary>An unexpected status; <paramref name="body"/> is the (small) error body the spec defines.</summary>
    public static DrydockException Status(string registry, string what, HttpStatusCode status, string? body)
    {
        var detail = ErrorDetail(body);
        var text = status switch
        {
            HttpStatusCode.NotFound => "not found",
            HttpStatusCode.Forbidden => "access denied",
            HttpStatusCode.TooManyRequests => "too many requests (rate limit reached)",
            _ => ((int)status >= 500 ? "server error" : "request refused"),
        };
        return new DrydockException($"registry {registry}: {what}: {text} ({(int)status}{(detail is null ? "" : " " + detail)})");
    }

    private static string? ErrorDetail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            var errors = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.RegistryErrorResponse)?.Errors;
            var first = errors?.FirstOrDefault();
            return first is null ? null : FirstLine($"{first.Code}: {first.Message}");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FirstLine(string s)
    {
        var line = s.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static T? Inner<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t) return t;
        }
        return null;
    }

    private static bool HasInner<T>(Exception e) where T : Exception => Inner<T>(e) is not null;
}
