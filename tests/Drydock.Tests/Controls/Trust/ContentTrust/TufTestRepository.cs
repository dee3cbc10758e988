using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drydock.Controls.Trust.ContentTrust;

namespace Drydock.Tests.Controls.Trust.ContentTrust;

/// <summary>
/// A Docker Content Trust repository made in the test, laid out as notary-server serves it: <c>root</c> (and every
/// <c>N.root</c>), <c>timestamp</c>, <c>snapshot</c>, <c>targets</c>, <c>targets/releases</c>. Roles are signed with
/// real keys over canonical JSON; <see cref="Publish"/> writes a new version of every role, as notary does on a change.
/// </summary>
internal sealed class TufTestRepository : ITufSource, IDisposable
{
    public const string Gun = "registry.example/team/app";
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    public TufTestRepository(DateTimeOffset now)
    {
        Now = now;
        Root = TufTestKey.EcdsaCertificate(Gun);
        Targets = TufTestKey.Ecdsa();
        Snapshot = TufTestKey.Ecdsa();
        Timestamp = TufTestKey.RsaPss();
        Releases = TufTestKey.Ecdsa();
    }

    public DateTimeOffset Now { get; set; }
    public TufTestKey Root { get; private set; }
    public TufTestKey? PreviousRoot { get; private set; }
    public TufTestKey Targets { get; }
    public TufTestKey Snapshot { get; }
    public TufTestKey Timestamp { get; }
    public TufTestKey Releases { get; }
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (byte[] Manifest, string Role)> Tags { get; } = new(StringComparer.Ordinal);
    public TimeSpan TimestampLifetime { get; set; } = TimeSpan.FromDays(14);
    public string Location => "memory:" + Gun + "/";
    public int Fetches { get; private set; }

    public Task<byte[]?> FetchAsync(string name, long limit, CancellationToken cancellationToken)
    {
        Fetches++;
        if (!Files.TryGetValue(name, out var bytes)) return Task.FromResult<byte[]?>(null);
        if (bytes.Length > limit) throw new ContentTrustException($"{name} metadata is larger than {limit} bytes");
        return Task.FromResult<byte[]?>(bytes);
    }

    /// <summary>Signs <paramref name="manifest"/> as <paramref name="tag"/> in <c>targets/releases</c> (or <c>targets</c>).</summary>
    public TufTestRepository Sign(string tag, byte[] manifest, string role = ContentTrustVerifier.ReleasesRole)
    {
        Tags[tag] = (manifest, role);
        return this;
    }

    /// <summary>A new root version signed by the old and the new root key (notary's `key rotate GUN root`).</summary>
    public void RotateRoot()
    {
        PreviousRoot = Root;
        Root = TufTestKey.EcdsaCertificate(Gun);
        WriteRoot([PreviousRoot, Root]);
    }

    /// <summary>Delegated roles beside <c>targets/releases</c> (<c>targets/a</c>, nested <c>targets/a/b</c>), published with the rest.</summary>
    public List<TestDelegation> Delegations { get; } = [];

    /// <summary>Adds a delegation from its parent role (the name without its last segment) and returns its key.</summary>
    public TufTestKey Delegate(string name, string[]? paths = null, int threshold = 1, bool terminating = false, string[]? hashPrefixes = null, int keys = 1, int signers = -1, string? parent = null)
    {
        var made = Enumerable.Range(0, keys).Select(_ => TufTestKey.Ecdsa()).ToArray();
        Delegations.Add(new TestDelegation(name, made, threshold, hashPrefixes is null ? paths ?? [""] : null, hashPrefixes, terminating, made.Take(signers < 0 ? keys : signers).ToArray(), parent));
        return made[0];
    }

    public void Publish()
    {
        if (!Files.ContainsKey("root")) WriteRoot([Root]);
        List<TestDelegation> roles = [new(ContentTrustVerifier.ReleasesRole, [Releases], 1, [""], null, false, [Releases], null), .. Delegations];
        var meta = new JsonObject { ["root"] = Meta(Files["root"]) };
        foreach (var d in roles) meta[d.Name] = Meta(Files[d.Name] = RoleFile(d.Name, roles, d.Signers));
        var targets = Files["targets"] = RoleFile("targets", roles, [Targets]);
        meta["targets"] = Meta(targets);
        var snapshot = Envelope(new JsonObject
        {
            ["_type"] = "Snapshot", ["expires"] = Time(Now.AddYears(3)), ["version"] = Next("snapshot"), ["meta"] = meta,
        }, [Snapshot]);
        var timestamp = Envelope(new JsonObject
        {
            ["_type"] = "Timestamp", ["expires"] = Time(Now + TimestampLifetime), ["version"] = Next("timestamp"),
            ["meta"] = new JsonObject { ["snapshot"] = Meta(snapshot) },
        }, [Timestamp]);
        (Files["snapshot"], Files["timestamp"]) = (snapshot, timestamp);
    }

    /// <summary>A targets role: its own targets and the delegations to its direct children, signed by <paramref name="signers"/>.</summary>
    private byte[] RoleFile(string name, IReadOnlyList<TestDelegation> all, IEnumerable<TufTestKey> signers)
    {
        var children = all.Where(d => (d.Parent ?? d.Name[..d.Name.LastIndexOf('/')]) == name).ToList();
        var keys = new JsonObject();
        foreach (var k in children.SelectMany(c => c.Keys).DistinctBy(k => k.Id)) keys[k.Id] = k.Json();
        var roles = new JsonArray(children.Select(c =>
        {
            var role = new JsonObject { ["keyids"] = new JsonArray(c.Keys.Select(k => (JsonNode)k.Id).ToArray()), ["name"] = c.Name, ["threshold"] = c.Threshold };
            if (c.Paths is not null) role["paths"] = new JsonArray(c.Paths.Select(p => (JsonNode)p).ToArray());
            if (c.HashPrefixes is not null) role["path_hash_prefixes"] = new JsonArray(c.HashPrefixes.Select(p => (JsonNode)p).ToArray());
            if (c.Terminating) role["terminating"] = true;
            return (JsonNode)role;
        }).ToArray());
        return Envelope(new JsonObject
        {
            ["_type"] = "Targets", ["delegations"] = new JsonObject { ["keys"] = keys, ["roles"] = roles },
            ["expires"] = Time(Now.AddYears(3)), ["targets"] = TargetsOf(name), ["version"] = Next(name),
        }, signers);
    }

    /// <summary>Signs <paramref name="signed"/> by <paramref name="keys"/> and wraps it (indented: whitespace is not signed).</summary>
    public static byte[] Envelope(JsonObject signed, IEnumerable<TufTestKey> keys)
    {
        var canonical = CanonicalJson.Encode(JsonDocument.Parse(signed.ToJsonString()).RootElement);
        var envelope = new JsonObject { ["signed"] = signed, ["signatures"] = new JsonArray(keys.Select(k => (JsonNode)k.Sign(canonical)).ToArray()) };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static JsonObject Meta(byte[] file) => new()
    {
        ["hashes"] = new JsonObject { ["sha256"] = Convert.ToBase64String(SHA256.HashData(file)) },
        ["length"] = file.Length,
    };

    private void WriteRoot(IReadOnlyList<TufTestKey> signers)
    {
        var version = Next("root");
        var root = Envelope(new JsonObject
        {
            ["_type"] = "Root", ["consistent_snapshot"] = false, ["expires"] = Time(Now.AddYears(10)), ["version"] = version,
            ["keys"] = new JsonObject
            {
                [Root.Id] = Root.Json(), [Targets.Id] = Targets.Json(), [Snapshot.Id] = Snapshot.Json(), [Timestamp.Id] = Timestamp.Json(),
            },
            ["roles"] = new JsonObject
            {
                ["root"] = Role(Root), ["targets"] = Role(Targets), ["snapshot"] = Role(Snapshot), ["timestamp"] = Role(Timestamp),
            },
        }, signers);
        Files["root"] = root;
        Files[$"{version}.root"] = root;
    }

    private JsonObject TargetsOf(string role)
    {
        var result = new JsonObject();
        foreach (var (tag, (manifest, r)) in Tags.Where(t => t.Value.Role == role)) result[tag] = Meta(manifest);
        return result;
    }

    private static JsonObject Role(TufTestKey key) => new() { ["keyids"] = new JsonArray(key.Id), ["threshold"] = 1 };

    private long Next(string role) => _versions[role] = _versions.GetValueOrDefault(role) + 1;

    /// <summary>Forces a role's next version (a server replaying old metadata is made by publishing a lower one).</summary>
    public void SetVersion(string role, long version) => _versions[role] = version - 1;

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var k in new[] { Root, PreviousRoot, Targets, Snapshot, Timestamp, Releases }) k?.Dispose();
        foreach (var k in Delegations.SelectMany(d => d.Keys)) k.Dispose();
    }
}

/// <summary>
/// A delegated role as its parent lists it; <see cref="Signers"/> sign its metadata (fewer than the threshold to test
/// it); <see cref="Parent"/> overrides the parent the name implies (hostile metadata).
/// </summary>
internal sealed record TestDelegation(string Name, TufTestKey[] Keys, int Threshold, string[]? Paths, string[]? HashPrefixes, bool Terminating, TufTestKey[] Signers, string? Parent);
