using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Drydock.Images.Sources.Registry;

/// <summary>
/// Answers a registry's <c>WWW-Authenticate</c> challenge (distribution docs/spec/auth/token.md): Basic with the
/// Docker-config credential, or Bearer with a token fetched from the challenge's realm for
/// <c>service</c> + <c>scope</c> (with Basic credentials, or the OAuth2 refresh-token grant for an identity token).
/// Tokens are cached per scope until shortly before they expire. A realm must be https unless the registry is insecure.
/// </summary>
internal sealed class RegistryAuthenticator(string registry, RegistryClientOptions options, RegistryHttpClients clients) : IDisposable
{
    private readonly Dictionary<string, (string Header, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AuthChallenge? _challenge;
    private RegistryCredential? _credential;
    private bool _credentialLoaded;

    /// <summary>True once a credential was used; a later 401 then means "wrong credentials", not "log in".</summary>
    public bool HasCredential => _credential is not null;

    /// <summary>Remembers the challenge a 401 carried (Bearer is preferred when several are offered).</summary>
    public void Observe(HttpResponseHeaders headers)
    {
        var challenges = headers.WwwAuthenticate.SelectMany(h => AuthChallengeParser.Parse(h.ToString())).ToList();
        var chosen = challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
        if (chosen is not null) _challenge = chosen;
    }

    public bool HasChallenge => _challenge is not null;

    public void Invalidate(string scope) => _tokens.Remove(scope);

    /// <summary>The Authorization header value for a request needing <paramref name="scope"/>; null = send none.</summary>
    public async Task<string?> AuthorizationAsync(string scope, string repository, CancellationToken cancellationToken)
    {
        if (_challenge is null) return null;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var credential = await CredentialAsync(cancellationToken);
            if (_challenge.IsBasic)
            {
                if (credential is not { HasPassword: true }) throw RegistryErrors.AuthenticationRequired(registry, repository);
                return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password));
            }
            if (!_challenge.IsBearer) throw new DrydockException($"registry {registry}: unsupported authentication scheme '{_challenge.Scheme}'");
            if (_tokens.TryGetValue(scope, out var cached) && cached.Expires > options.Time.GetUtcNow()) return cached.Header;
            // A 401's challenge may name the scope it wants for this repository; a challenge from another request may not apply.
            var wanted = _challenge.Scope is { } asked && asked.Contains(":" + repository + ":", StringComparison.Ordinal) ? asked : scope;
            var token = await FetchTokenAsync(_challenge, wanted, repository, credential, cancellationToken);
            _tokens[scope] = token;
            return token.Header;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<RegistryCredential?> CredentialAsync(CancellationToken cancellationToken)
    {
        if (!_credentialLoaded)
        {
            _credential = options.Credentials is null ? null : await options.Credentials.GetAsync(registry, cancellationToken);
            _credentialLoaded = true;
        }
        return _credential;
    }

    private async Task<(string Header, DateTimeOffset Expires)> FetchTokenAsync(
        AuthChallenge challenge, string scope, string repository, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
            throw new DrydockException($"registry {registry}: the token realm '{challenge.Realm}' is not an http(s) URL");
        if (realm.Scheme == "http" && !options.IsInsecure(registry))
            throw new DrydockException($"registry {registry}: refusing token realm {realm.GetLeftPart(UriPartial.Path)} over plain http (the registry is not declared insecure)");

        var query = new List<string>();
        if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(scope));
        using var request = new HttpRequestMessage();
        if (credential?.IdentityToken is { Length: > 0 } refresh)
        {
            // OAuth2 refresh-token grant, as the Docker CLI does after 'docker login' stored an identity token.
            request.Method = HttpMethod.Post;
            request.RequestUri = realm;
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh,
                ["service"] = challenge.Service ?? "",
                ["scope"] = scope,
                ["client_id"] = "drydock",
            });
        }
        else
        {
            request.Method = HttpMethod.Get;
            request.RequestUri = new UriBuilder(realm) { Query = string.Join('&', query) }.Uri;
            if (credential is { HasPassword: true })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue(
                    "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password)));
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.For(realm).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw RegistryErrors.Network($"registry {registry}: token server {realm.Authority}", realm.Authority, e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryErrors.Timeout(registry, options.RequestTimeout, "token server " + realm.Authority);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw credential is null
                    ? RegistryErrors.AuthenticationRequired(registry, repository)
                    : RegistryErrors.AuthenticationFailed(registry, repository, response.StatusCode);
            }
            var body = await BoundedContent.ReadAsync(response.Content, 1024 * 1024, () => "token answer", cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw RegistryErrors.Status(registry, "token request", response.StatusCode, null);
            TokenResponse? answer;
            try
            {
                answer = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenResponse);
            }
            catch (JsonException)
            {
                throw new DrydockException($"registry {registry}: the token server answered with something that is not a token");
            }
            var token = answer?.Token ?? answer?.AccessToken;
            if (string.IsNullOrEmpty(token)) throw new DrydockException($"registry {registry}: the token server answered without a token");
            // The spec's default lifetime is 60 s; renew 10 s early so a token never expires mid-request.
            var lifetime = TimeSpan.FromSeconds(Math.Max(answer!.ExpiresIn ?? 60, 20) - 10);
            return ("Bearer " + token, options.Time.GetUtcNow() + lifetime);
        }
    }

    public void Dispose() => _lock.Dispose();
}
