using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Drydock.IntegrationTests.Infrastructure;

/// <summary>
/// A Docker registry token server (distribution docs/spec/auth/token.md, jwt.md) for the token-mode registry:
/// <c>GET /token?service=&amp;scope=</c> with optional Basic credentials; wrong credentials → 401, anonymous → pull only.
/// Tokens are RS256 JWTs whose header carries the signing certificate in <c>x5c</c>, which the registry trusts
/// through its <c>rootcertbundle</c>. Listens on 127.0.0.1 only and counts the tokens it issued.
/// </summary>
internal sealed class TokenServer : LoopbackHttpServer
{
    public const string Issuer = "drydock-it-issuer";
    public const string Service = "drydock-it-registry";
    private readonly RSA _key;
    private readonly string _x5c;
    private readonly string _user;
    private readonly string _password;
    private int _issued;

    public TokenServer(TestCertificates certificates, string user, string password)
    {
        _user = user;
        _password = password;
        _key = RSA.Create();
        _key.ImportFromPem(File.ReadAllText(certificates.TokenKey));
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(certificates.TokenCertificate));
        _x5c = Convert.ToBase64String(cert.RawData);
        Start();
    }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    public int TokensIssued => Volatile.Read(ref _issued);

    protected override async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var user = UserOf(context.Request);
        if (context.Request.Url?.AbsolutePath != "/token") response.StatusCode = 404;
        else if (user is false) response.StatusCode = 401;
        else
        {
            var scopes = context.Request.QueryString.GetValues("scope") ?? [];
            var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = MakeToken(user as string, scopes), ["expires_in"] = 300 }.ToJsonString());
            Interlocked.Increment(ref _issued);
            response.ContentType = "application/json";
            await response.OutputStream.WriteAsync(body);
        }
    }

    /// <summary>The user name, null when anonymous, false when the credentials are wrong.</summary>
    private object? UserOf(HttpListenerRequest request)
    {
        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal)) return null;
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
        return pair.Length == 2 && pair[0] == _user && pair[1] == _password ? pair[0] : false;
    }

    private string MakeToken(string? subject, IEnumerable<string> scopes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = new JsonArray();
        foreach (var scope in scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = scope.Split(':');
            if (parts.Length < 3) continue;
            var allowed = subject is null ? ["pull"] : new[] { "pull", "push", "delete", "*" };
            var actions = new JsonArray(parts[^1].Split(',').Where(allowed.Contains).Select(a => (JsonNode)a).ToArray());
            access.Add(new JsonObject { ["type"] = parts[0], ["name"] = string.Join(':', parts[1..^1]), ["actions"] = actions });
        }
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(_x5c) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject ?? "",
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString(),
            ["access"] = access,
        };
        var signingInput = Base64Url(header.ToJsonString()) + "." + Base64Url(claims.ToJsonString());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(string text) => Base64Url(Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _key.Dispose();
    }
}
