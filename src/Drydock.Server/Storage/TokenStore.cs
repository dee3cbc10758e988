using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Drydock.Server.Storage;

/// <summary>
/// API tokens, kept as the SHA-256 of the token (a random 32-byte value, so a plain hash is enough: there is
/// nothing to brute-force). The token itself is shown once, when it is created, and never stored or logged.
/// </summary>
public sealed class TokenStore(NpgsqlDataSource source)
{
    private const string Prefix = "ddk_";

    /// <summary>A fresh random token (<c>ddk_</c> + 43 base64url characters).</summary>
    public static string NewToken() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Stores <paramref name="token"/>'s hash with its scopes; returns false when that token already exists.</summary>
    public async Task<bool> AddAsync(string name, string token, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("INSERT INTO tokens (name, hash, scopes) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING");
        cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = Hash(token) });
        cmd.Parameters.Add(new() { Value = scopes.ToArray() });
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>The scopes of a live token; null when it is unknown or revoked.</summary>
    public async Task<IReadOnlyList<string>?> ScopesAsync(string token, CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("SELECT scopes FROM tokens WHERE hash = $1 AND revoked_at IS NULL");
        cmd.Parameters.Add(new() { Value = Hash(token) });
        return await cmd.ExecuteScalarAsync(ct) is string[] scopes ? scopes : null;
    }

    /// <summary>True when some live token holds the admin scope.</summary>
    public async Task<bool> AnyAdminAsync(CancellationToken ct)
    {
        await using var cmd = source.CreateCommand("SELECT EXISTS (SELECT 1 FROM tokens WHERE revoked_at IS NULL AND 'admin' = ANY (scopes))");
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// Makes sure an admin token exists at start: <paramref name="bootstrap"/> when given (idempotent), else a generated
    /// one when there is none yet. Returns the generated token (to be printed once), or null.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? bootstrap, CancellationToken ct)
    {
        if (bootstrap is not null)
        {
            await AddAsync("bootstrap", bootstrap, [TokenScopes.Admin], ct);
            return null;
        }
        // Two processes starting together may both generate one: both tokens then work, and each is printed by its process.
        if (await AnyAdminAsync(ct)) return null;
        var token = NewToken();
        await AddAsync("bootstrap", token, [TokenScopes.Admin], ct);
        return token;
    }
}
