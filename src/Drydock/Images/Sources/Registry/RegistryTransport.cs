using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Sends requests to one registry: finds its base URL (https; for an insecure host https without verification, else
/// http, as Docker does; http taken at once where its answer shows the port speaks plain HTTP: <see cref="FindBaseAsync"/>),
/// authenticates on 401, follows redirects (dropping credentials on a cross-host hop), retries 429/5xx/network errors
/// with <c>Retry-After</c> or jittered exponential back-off, and records rate-limit headers.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly RegistryClientOptions _options;
    private readonly RegistryHttpClients _clients;
    private readonly RegistryAuthenticator _auth;
    private readonly SemaphoreSlim _pingLock = new(1, 1);
    private Uri? _base;

    public RegistryTransport(string registry, RegistryClientOptions options)
    {
        Registry = registry;
        Host = registry == ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        _options = options;
        _clients = new RegistryHttpClients(options);
        _auth = new RegistryAuthenticator(registry, options, _clients);
    }

    public string Registry { get; }

    public string Host { get; }

    public RateLimitInfo? RateLimit { get; private set; }

    /// <summary>
    /// How this transport reached the registry: null before its first request; plain HTTP, TLS whose certificate did not
    /// verify (any handshake so far; accepted because the host is insecure), or verified TLS.
    /// </summary>
    public RegistryChannel? Channel => _base switch
    {
        null => null,
        { Scheme: "http" } => RegistryChannel.PlainHttp,
        var b => _clients.HandshakeUnverified(b.Authority) ? RegistryChannel.UnverifiedTls : RegistryChannel.VerifiedTls,
    };

    /// <summary>
    /// Sends <paramref name="method"/> to <paramref name="pathAndQuery"/> (or an absolute URI from a Link header or an
    /// upload's Location). <paramref name="content"/> makes the body afresh for each attempt; <paramref name="access"/> is
    /// the token scope's action list (<c>pull</c>, or <c>pull,push</c> for uploads). <paramref name="blockingBody"/> is for a
    /// large body its caller reads with synchronous reads on a thread of its own (a layer blob): the request goes out on a
    /// connection of <see cref="RegistryHttpClients.ForBodies"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string pathAndQuery, IReadOnlyList<string> accept, string repository, CancellationToken cancellationToken,
        Func<HttpContent>? content = null, string access = "pull", bool blockingBody = false)
    {
        // The first request to the registry finds the base itself when it may be sent twice (a GET or HEAD without a body):
        // its answer stands for the /v2/ ping (issue 17: one round trip less before the first byte; containerd does not
        // ping either). Others ping first.
        var (registryBase, first) = await BaseAndFirstAsync(method, pathAndQuery, accept,
            raceable: content is null && !blockingBody && (method == HttpMethod.Get || method == HttpMethod.Head), cancellationToken);
        var uri = new Uri(registryBase, pathAndQuery);
        var scope = $"repository:{repository}:{access}";
        var authRetried = false;
        var redirects = 0;
        for (var attempt = 1; ; attempt++)
        {
            var onRegistry = Uri.Compare(uri, registryBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
            HttpResponseMessage response;
            var authorized = false;
            if (first is not null)
            {
                response = first; // sent without Authorization: no challenge was known
                first = null;
            }
            else
            {
                using var request = Request(method, uri, accept);
                request.Content = content?.Invoke();
                if (onRegistry && await _auth.AuthorizationAsync(scope, repository, cancellationToken) is { } authorization)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", authorization);
                    authorized = true;
                }

                try
                {
                    response = await SendOnceAsync(request, cancellationToken, blockingBody);
                }
                catch (DrydockException e) when (attempt < _options.MaxAttempts && Retryable(e))
                {
                    await DelayAsync(Backoff(attempt), $"{method} {uri.AbsolutePath}", cancellationToken);
                    continue;
                }
            }

            if (RateLimitInfo.FromHeaders(response.Headers) is { } limit) RateLimit = limit;
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (++redirects > MaxRedirects) throw new DrydockException($"registry {Registry}: too many redirects for {pathAndQuery}");
                uri = new Uri(uri, location); // a hop to another host gets no Authorization (onRegistry is false there)
                attempt = 0;
                continue;
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && onRegistry)
            {
                var hadCredential = _auth.HasCredential;
                _auth.Observe(response.Headers);
                response.Dispose();
                if ((authorized && authRetried) || !_auth.HasChallenge)
                {
                    throw hadCredential || _auth.HasCredential
                        ? RegistryErrors.AuthenticationFailed(Registry, repository, HttpStatusCode.Unauthorized)
                        : RegistryErrors.AuthenticationRequired(Registry, repository);
                }
                // A request sent without Authorization (no challenge was known) asked for it: the next one carries it.
                // One sent with it is tried once more with a fresh token (its 401 may name the scope it wants).
                _auth.Invalidate(scope);
                if (authorized) authRetried = true;
                attempt--;
                continue;
            }
            if ((status == 429 || (status >= 500 && status != 501)) && attempt < _options.MaxAttempts)
            {
                var delay = RetryAfter.From(response.Headers.RetryAfter, _options.Time.GetUtcNow()) ?? Backoff(attempt);
                if (delay > _options.MaxRetryDelay)
                {
                    response.Dispose();
                    throw new DrydockException($"registry {Registry}: {(status == 429 ? "rate limit reached" : "unavailable")} ({status}); it asks to retry after {delay.TotalSeconds:0} s" +
                                               (RateLimit is { } r ? $" ({r})" : ""));
                }
                response.Dispose();
                await DelayAsync(delay, $"{method} {uri.AbsolutePath} answered {status}", cancellationToken);
                continue;
            }
            return response;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool blockingBody = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            if (blockingBody)
            {
                // Sent synchronously on a thread of its own, on a connection of the blocking pool (RegistryHttpClients.ForBodies).
                var token = timeout.Token;
                var client = _clients.ForBodies(request.RequestUri!);
                return await Task.Factory.StartNew(() => client.Send(request, HttpCompletionOption.ResponseHeadersRead, token),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            return await _clients.For(request.RequestUri!).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryErrors.Timeout(Registry, _options.RequestTimeout, $"{request.Method} {request.RequestUri!.AbsolutePath}");
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Network(Registry, e);
        }
    }

    /// <summary>
    /// Whether a failure of <see cref="SendOnceAsync"/> may heal by retrying: timeouts and resets may; refused
    /// connections, unknown hosts and TLS failures will not. Read from the failure itself, since requests run at once.
    /// </summary>
    private static bool Retryable(DrydockException failure) => failure.InnerException switch
    {
        TimeoutException => true,
        HttpRequestException e => e.HttpRequestError is not (HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError) &&
                                  (e.InnerException as SocketException)?.SocketErrorCode is not SocketError.ConnectionRefused,
        _ => false,
    };

    /// <summary>
    /// The registry's base URL, and when this request finds it (the first one, <paramref name="raceable"/>) its answer:
    /// the request itself is sent as <see cref="BaseAsync"/> sends its ping, without Authorization (no challenge is known
    /// yet; a 401 brings it).
    /// </summary>
    private async Task<(Uri Base, HttpResponseMessage? First)> BaseAndFirstAsync(
        HttpMethod method, string pathAndQuery, IReadOnlyList<string> accept, bool raceable, CancellationToken cancellationToken)
    {
        if (_base is not null) return (_base, null);
        if (!raceable) return (await BaseAsync(cancellationToken), null);
        return await FindBaseAsync(async (candidate, ct) =>
        {
            using var request = Request(method, new Uri(candidate, pathAndQuery), accept);
            return await SendOnceAsync(request, ct);
        }, cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, IReadOnlyList<string> accept)
    {
        var request = new HttpRequestMessage(method, uri);
        foreach (var type in accept) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    /// <summary>
    /// Pings <c>/v2/</c> once to choose the scheme and learn the auth challenge (distribution spec "API version check"),
    /// for a first request that may not be sent twice (an upload).
    /// </summary>
    private async Task<Uri> BaseAsync(CancellationToken cancellationToken)
    {
        var (registryBase, ping) = await FindBaseAsync(async (candidate, ct) =>
        {
            using var request = Request(HttpMethod.Get, new Uri(candidate, "/v2/"), []);
            return await SendOnceAsync(request, ct);
        }, cancellationToken);
        if (ping is null) return registryBase;
        using (ping)
        {
            if (ping.StatusCode == HttpStatusCode.Unauthorized) _auth.Observe(ping.Headers);
            if (RateLimitInfo.FromHeaders(ping.Headers) is { } limit) RateLimit = limit;
        }
        return registryBase;
    }

    /// <summary>
    /// Sets the base URL with the answer to <paramref name="send"/> (null when another request set it meanwhile). A host
    /// declared insecure is asked over https and plain http: https is taken whenever it answers (as Docker prefers it),
    /// http when https failed, or at once when its answer shows a plain HTTP server on the very port https would use
    /// (a host with an explicit port), where a TLS handshake can only fail. On such a port http is asked first and https
    /// only when http has not shown that within <see cref="PlainHttpHeadStart"/>, failed, or answered 400 (what TLS
    /// servers answer a plain request); on two ports (no port given: 443 and 80) both are asked at once.
    /// </summary>
    private async Task<(Uri Base, HttpResponseMessage? Answer)> FindBaseAsync(
        Func<Uri, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        if (_base is not null) return (_base, null);
        await _pingLock.WaitAsync(cancellationToken);
        try
        {
            if (_base is not null) return (_base, null);
            var https = new Uri($"https://{Host}/");
            if (!_options.IsInsecure(Registry))
            {
                var answer = await send(https, cancellationToken);
                return (_base = https, answer);
            }
            var http = new Uri($"http://{Host}/");
            var samePort = https.Port == http.Port;
            using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var plain = send(http, race.Token);
            Task<HttpResponseMessage>? tls = null;
            Task<HttpResponseMessage>? taken = null;
            try
            {
                if (samePort)
                {
                    await Task.WhenAny(plain, Task.Delay(PlainHttpHeadStart, race.Token));
                    if (ShowsPlainHttp(plain)) return (_base = http, await (taken = plain));
                }
                tls = send(https, race.Token);
                while (true)
                {
                    if (tls.IsCompletedSuccessfully) return (_base = https, await (taken = tls));
                    if (samePort && ShowsPlainHttp(plain)) return (_base = http, await (taken = plain));
                    if (tls.IsCompleted)
                    {
                        if (tls.Exception?.InnerException is not DrydockException) await tls; // cancelled: rethrown as it is
                        var fallback = await (taken = plain); // https failed: http's answer, or its error
                        return (_base = http, fallback);
                    }
                    await Task.WhenAny(samePort && !plain.IsCompleted ? [tls, plain] : new Task[] { tls });
                }
            }
            finally
            {
                // The request not taken is stopped and its answer released before the race's token goes.
                await AbandonedRequests.StopAsync(race, new[] { plain, tls }.OfType<Task<HttpResponseMessage>>().Where(t => t != taken));
            }
        }
        finally
        {
            _pingLock.Release();
        }
    }

    /// <summary>How long plain http has, on a port https would share, to show a plain HTTP server before https is asked too.</summary>
    private static readonly TimeSpan PlainHttpHeadStart = TimeSpan.FromMilliseconds(25);

    // An answer to a plain request, other than the 400 TLS servers answer it with (Go, nginx, Apache).
    private static bool ShowsPlainHttp(Task<HttpResponseMessage> plain) =>
        plain.IsCompletedSuccessfully && plain.Result.StatusCode != HttpStatusCode.BadRequest;

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        return delay + delay * (Random.Shared.NextDouble() * 0.5);
    }

    private async Task DelayAsync(TimeSpan delay, string why, CancellationToken cancellationToken)
    {
        _options.Progress.Warn($"registry {Registry}: {why}; retrying in {delay.TotalSeconds:0.0} s");
        await Task.Delay(delay, _options.Time, cancellationToken);
    }

    public void Dispose()
    {
        _auth.Dispose();
        _clients.Dispose();
        _pingLock.Dispose();
    }
}
