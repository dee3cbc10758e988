using System.Security.Cryptography;
using System.Text.Json;
using Drydock.Images;

namespace Drydock.Controls.Trust.ContentTrust;

/// <summary>
/// Docker Content Trust (Notary v1, a TUF profile) for one tag, as the docker client checks it on a trusted pull:
/// root (pinned keys or trust on first use, then every rotation in between), timestamp, snapshot (hash and length
/// from the timestamp), targets and its delegations (<c>targets/releases</c>, <c>targets/&lt;role&gt;</c>, nested
/// <c>targets/a/b</c>; hash and length from the snapshot), each signed by a threshold of its role's keys, unexpired, and
/// never older than the version seen before; then the tag's target, found by the TUF delegation search
/// (<see cref="SearchAsync"/>), must be the manifest the registry served: same sha256 and length.
/// Any failure is a <see cref="ContentTrustException"/> with one line saying why.
/// </summary>
internal sealed class ContentTrustVerifier(ITufSource source, ContentTrustState state, TimeProvider clock)
{
    public const string ReleasesRole = "targets/releases";

    public async Task<ContentTrustResult> VerifyAsync(ContentTrustAnchor anchor, string gun, string? tag, IReadOnlyList<(Digest Digest, long Length)> served, CancellationToken cancellationToken)
    {
        var seen = state.ReadVersions();
        var versions = new Dictionary<string, long>(seen, StringComparer.Ordinal);
        var (root, tofu) = await TrustedRootAsync(anchor, gun, versions, cancellationToken);
        var roles = TufJson.Object(root.Signed, "roles");
        var rootKeys = TufMetadata.KeysOf(TufJson.Object(root.Signed, "keys"));
        TufRole TopRole(string name) => TufRole.Of(name, TufJson.Object(roles, name), rootKeys);

        var timestamp = TufMetadata.Parse("timestamp", "Timestamp",
            await source.FetchAsync("timestamp", ContentTrustLimits.UnvouchedBytes, cancellationToken) ?? throw new ContentTrustException($"{gun} has a root but no timestamp on the notary server"));
        Accept(timestamp, TopRole("timestamp"), seen, versions);
        var snapshot = await FetchVouchedAsync("snapshot", "Snapshot", TufJson.Object(timestamp.Signed, "meta"), "timestamp", cancellationToken);
        Accept(snapshot, TopRole("snapshot"), seen, versions);
        var listed = TufJson.Object(snapshot.Signed, "meta");
        var targets = await FetchVouchedAsync("targets", "Targets", listed, "snapshot", cancellationToken);
        Accept(targets, TopRole("targets"), seen, versions);
        var walk = new Walk(tag, served, listed, seen, versions, new HashSet<string>(StringComparer.Ordinal), []);
        (Found? Hit, bool Stop) search;
        try
        {
            search = await SearchAsync(walk, targets, "targets", TopRole("targets").Verify(targets), [], 0, cancellationToken);
        }
        finally
        {
            await state.WriteVersionsAsync(source.Location, gun, versions, cancellationToken);
        }
        if (search.Hit is { } hit) return new(hit.Role, hit.Tag, hit.Digest, hit.Signers, source.Location + hit.Role + ".json", root.Version, tofu);
        var why = tag is null
            ? $"no signed tag of {gun} points to {served[0].Digest}"
            : walk.Visited.Count == 0 || walk.Visited.SetEquals([ReleasesRole])
                ? $"tag {tag} is not signed: neither {ReleasesRole} nor targets lists it"
                : $"tag {tag} is not signed: neither targets nor its delegations ({string.Join(", ", walk.Visited.Order(StringComparer.Ordinal))}) list it";
        throw new ContentTrustException(why + string.Concat(walk.NotUsed.Select(n => "; " + n)), unsigned: walk.NotUsed.All(n => n.OutOfScope));
    }

    /// <summary>A delegation the search did not use, and why: its scope excludes the tag, or its metadata does not verify.</summary>
    private sealed record NotUsed(string Role, string Reason, bool OutOfScope)
    {
        public override string ToString() => OutOfScope ? $"{Role} may not sign it ({Reason})" : $"{Role} was not used: {Reason}";
    }

    /// <summary>What one search shares: the tag (null = any tag pointing at what was served), the snapshot's list, versions.</summary>
    private sealed record Walk(string? Tag, IReadOnlyList<(Digest Digest, long Length)> Served, JsonElement Listed,
        IReadOnlyDictionary<string, long> Seen, Dictionary<string, long> Versions, HashSet<string> Visited, List<NotUsed> NotUsed);

    private sealed record Found(string Role, string Tag, Digest Digest, IReadOnlyList<string> Signers);

    /// <summary>A delegation as its parent lists it: the role's keys and threshold, which target paths it may sign, whether it ends the search.</summary>
    private sealed record Delegation(string Name, TufRole Role, Func<string, bool> Scope, string ScopeText, bool Terminating);

    /// <summary>
    /// The TUF targets search (TUF spec 5.6.7, notary's WalkTargets), depth first from <paramref name="role"/>: for
    /// <c>targets</c>, the <c>targets/releases</c> subtree first (as <c>docker pull</c> asks notary: releases, then
    /// targets); then the role's own targets; then its other delegations in listed order. A delegation is entered only
    /// when its <c>paths</c> (notary: prefixes; TUF: globs) or <c>path_hash_prefixes</c> cover the tag, and only
    /// when the snapshot lists it; its metadata must meet the threshold of the keys its parent names, be unexpired and
    /// not roll back. A delegation whose metadata misses its threshold (its keys removed since it signed, say) or has
    /// expired is passed over, as notary's client does, and the reason kept for the failure message; a rollback fails
    /// the whole check. A terminating delegation that does not have the tag (or was passed over) ends the search.
    /// Bounded in depth and roles.
    /// </summary>
    private async Task<(Found? Hit, bool Stop)> SearchAsync(Walk walk, TufMetadata meta, string role, IReadOnlyList<string> signers,
        IReadOnlyList<Func<string, bool>> scopes, int depth, CancellationToken cancellationToken)
    {
        var delegations = DelegationsOf(meta, role);
        var first = role == "targets" ? delegations.Where(d => d.Name == ReleasesRole).ToList() : [];
        foreach (var d in first)
        {
            var child = await ChildAsync(walk, d, scopes, depth, cancellationToken);
            if (child.Hit is not null || child.Stop) return child;
        }
        if (Lookup(walk, meta, role, signers, scopes) is { } hit) return (hit, false);
        foreach (var d in delegations.Except(first))
        {
            var child = await ChildAsync(walk, d, scopes, depth, cancellationToken);
            if (child.Hit is not null || child.Stop) return child;
        }
        return (null, false);
    }

    private async Task<(Found? Hit, bool Stop)> ChildAsync(Walk walk, Delegation d, IReadOnlyList<Func<string, bool>> scopes, int depth, CancellationToken cancellationToken)
    {
        if (walk.Tag is not null && !d.Scope(walk.Tag))
        {
            if (walk.NotUsed.Count < ContentTrustLimits.MaxDelegations) walk.NotUsed.Add(new NotUsed(d.Name, d.ScopeText, true));
            return (null, false);
        }
        if (!walk.Visited.Add(d.Name)) return (null, false);
        if (depth + 1 > ContentTrustLimits.MaxDelegationDepth)
            throw new ContentTrustException($"delegation {d.Name} is nested more than {ContentTrustLimits.MaxDelegationDepth} levels below targets");
        if (walk.Visited.Count > ContentTrustLimits.MaxDelegations)
            throw new ContentTrustException($"more than {ContentTrustLimits.MaxDelegations} delegated roles to walk");
        if (TufMetadata.FileMetaOf(walk.Listed, d.Name) is null) return (null, d.Terminating); // delegated, but nothing published yet
        var meta = await FetchVouchedAsync(d.Name, "Targets", walk.Listed, "snapshot", cancellationToken);
        IReadOnlyList<string> signers;
        try
        {
            signers = d.Role.Verify(meta);
            Unexpired(meta);
        }
        catch (ContentTrustException e)
        {
            walk.NotUsed.Add(new NotUsed(d.Name, e.Message, false));
            return (null, d.Terminating);
        }
        NoRollback(meta, walk.Seen, walk.Versions);
        var (hit, stop) = await SearchAsync(walk, meta, d.Name, signers, [.. scopes, d.Scope], depth + 1, cancellationToken);
        return (hit, stop || (hit is null && d.Terminating));
    }

    /// <summary>The tag (or any tag within every enclosing scope) in the role's own targets; a signed tag that is not what was served fails.</summary>
    private static Found? Lookup(Walk walk, TufMetadata meta, string role, IReadOnlyList<string> signers, IReadOnlyList<Func<string, bool>> scopes)
    {
        var signed = TufJson.Object(meta.Signed, "targets");
        if (walk.Tag is { } tag)
        {
            if (TufMetadata.FileMetaOf(signed, tag) is not { } target) return null;
            var match = walk.Served.FirstOrDefault(s => Matches(target, s));
            if (match.Digest.Hex is null)
                throw new ContentTrustException($"tag {tag} is signed ({role}) for sha256:{Convert.ToHexStringLower(target.Sha256)} ({target.Length} bytes), " +
                                                $"but the registry serves {walk.Served[0].Digest} ({walk.Served[0].Length} bytes)");
            return new Found(role, tag, match.Digest, signers);
        }
        foreach (var entry in signed.EnumerateObject())
        {
            if (!scopes.All(s => s(entry.Name))) continue;
            var match = walk.Served.FirstOrDefault(s => Matches(TufMetadata.FileMetaOf(signed, entry.Name)!, s));
            if (match.Digest.Hex is not null) return new Found(role, entry.Name, match.Digest, signers);
        }
        return null;
    }

    /// <summary>The delegations a targets role lists; each must be a direct child role (<c>parent/name</c>), as notary requires.</summary>
    private static IReadOnlyList<Delegation> DelegationsOf(TufMetadata meta, string parent)
    {
        if (!meta.Signed.TryGetProperty("delegations", out var delegations) || delegations.ValueKind != JsonValueKind.Object) return [];
        if (!delegations.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array) return [];
        if (roles.GetArrayLength() > ContentTrustLimits.MaxDelegations) throw new ContentTrustException($"{parent} delegates to more than {ContentTrustLimits.MaxDelegations} roles");
        var keys = TufMetadata.KeysOf(TufJson.Object(delegations, "keys"));
        var result = new List<Delegation>();
        foreach (var r in roles.EnumerateArray())
        {
            var name = TufJson.String(r, "name");
            var leaf = name.StartsWith(parent + "/", StringComparison.Ordinal) ? name[(parent.Length + 1)..] : "";
            if (leaf.Length == 0 || leaf.Contains('/', StringComparison.Ordinal))
                throw new ContentTrustException($"{parent} delegates to '{name}', which is not one of its child roles");
            var terminating = r.TryGetProperty("terminating", out var t) && t.ValueKind == JsonValueKind.True;
            result.Add(new Delegation(name, TufRole.Of(name, r, keys), DelegationScope.Of(r), DelegationScope.Describe(r), terminating));
        }
        return result;
    }

    private static bool Matches(TufFileMeta target, (Digest Digest, long Length) served) =>
        served.Digest.Algorithm == "sha256" && target.Length == served.Length &&
        Convert.FromHexString(served.Digest.Hex).AsSpan().SequenceEqual(target.Sha256);

    /// <summary>Threshold of <paramref name="role"/>, unexpired, and no older than the version stored before.</summary>
    private void Accept(TufMetadata meta, TufRole role, IReadOnlyDictionary<string, long> seen, Dictionary<string, long> versions)
    {
        role.Verify(meta);
        Unexpired(meta);
        NoRollback(meta, seen, versions);
    }

    private static void NoRollback(TufMetadata meta, IReadOnlyDictionary<string, long> seen, Dictionary<string, long> versions)
    {
        if (seen.TryGetValue(meta.Role, out var before) && meta.Version < before)
            throw new ContentTrustException($"rollback: {meta.Role} metadata is version {meta.Version}, older than version {before} seen before");
        versions[meta.Role] = Math.Max(meta.Version, before);
    }

    private void Unexpired(TufMetadata meta)
    {
        if (meta.Expires <= clock.GetUtcNow())
            throw new ContentTrustException($"{meta.Role} metadata expired at {meta.Expires.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
    }

    /// <summary>A role file whose length and sha256 the parent lists: fetched up to that length and checked against the hash.</summary>
    private async Task<TufMetadata> FetchVouchedAsync(string role, string type, JsonElement parentMeta, string parent, CancellationToken cancellationToken)
    {
        var expected = TufMetadata.FileMetaOf(parentMeta, role) ?? throw new ContentTrustException($"{parent} metadata does not list {role}");
        if (expected.Length > ContentTrustLimits.MaxRoleBytes) throw new ContentTrustException($"{parent} metadata lists {role} at {expected.Length} bytes, over the {ContentTrustLimits.MaxRoleBytes} bound");
        var raw = await source.FetchAsync(role, expected.Length, cancellationToken) ?? throw new ContentTrustException($"the notary server has no {role} metadata although {parent} lists it");
        if (raw.Length != expected.Length || !SHA256.HashData(raw).AsSpan().SequenceEqual(expected.Sha256))
            throw new ContentTrustException($"{role} metadata does not match the length and sha256 that {parent} metadata lists for it");
        return TufMetadata.Parse(role, type, raw);
    }

    /// <summary>
    /// The root to trust: the stored one for this anchor, else the current root if a pinned key signed it, else
    /// version 1 signed by a pinned key, else (trust on first use, when allowed) the current root as it stands;
    /// then each newer root version in turn, each signed by a threshold of the previous root's keys and of its own.
    /// </summary>
    private async Task<(TufMetadata Root, bool TrustedOnFirstUse)> TrustedRootAsync(ContentTrustAnchor anchor, string gun, Dictionary<string, long> versions, CancellationToken cancellationToken)
    {
        var latestRaw = await source.FetchAsync("root", ContentTrustLimits.UnvouchedBytes, cancellationToken)
                        ?? throw new ContentTrustException($"{gun} has no trust data on the notary server (the repository is not signed)", unsigned: true);
        var latest = TufMetadata.Parse("root", "Root", latestRaw);
        var tofu = false;
        TufMetadata trusted;
        if (state.ReadRoot(anchor.Name) is { } stored) trusted = TufMetadata.Parse("root", "Root", stored);
        else if (anchor.PinnedKeys.Count > 0)
        {
            if (SignedByPinned(latest, anchor)) trusted = latest;
            else
            {
                var first = TufMetadata.Parse("root", "Root", await source.FetchAsync("1.root", ContentTrustLimits.UnvouchedBytes, cancellationToken)
                                                              ?? throw new ContentTrustException("no pinned root key signed the current root, and the server has no root version 1"));
                trusted = SignedByPinned(first, anchor) ? first : throw new ContentTrustException($"no pinned root key ({anchor.Description}) signed the repository's root");
            }
        }
        else if (anchor.TrustOnFirstUse)
        {
            RootRole(latest).Verify(latest);
            (trusted, tofu) = (latest, true);
        }
        else throw new ContentTrustException($"{anchor.Description}: no rootKeys pinned and trustOnFirstUse is not set");

        if (latest.Version < trusted.Version)
            throw new ContentTrustException($"rollback: root metadata is version {latest.Version}, older than the trusted version {trusted.Version}");
        for (var steps = 0; trusted.Version < latest.Version; steps++)
        {
            if (steps >= ContentTrustLimits.MaxRootRotations) throw new ContentTrustException($"more than {ContentTrustLimits.MaxRootRotations} root versions to walk");
            var version = trusted.Version + 1;
            var next = version == latest.Version ? latest : TufMetadata.Parse("root", "Root",
                await source.FetchAsync($"{version}.root", ContentTrustLimits.UnvouchedBytes, cancellationToken) ?? throw new ContentTrustException($"root version {version} is missing on the notary server"));
            if (next.Version != version) throw new ContentTrustException($"root version {version} on the server says it is version {next.Version}");
            trusted = Rotate(trusted, next);
        }
        if (!trusted.Raw.AsSpan().SequenceEqual(latestRaw)) trusted = Rotate(trusted, latest);
        if (trusted.Expires <= clock.GetUtcNow())
            throw new ContentTrustException($"root metadata expired at {trusted.Expires.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        if (versions.TryGetValue("root", out var before) && trusted.Version < before)
            throw new ContentTrustException($"rollback: root metadata is version {trusted.Version}, older than version {before} seen before");
        versions["root"] = trusted.Version;
        await state.WriteRootAsync(anchor.Name, trusted.Raw, cancellationToken);
        return (trusted, tofu);
    }

    /// <summary>A new root is trusted when the old root's keys and its own each sign it with their threshold (TUF 5.3.4).</summary>
    private static TufMetadata Rotate(TufMetadata trusted, TufMetadata next)
    {
        try
        {
            RootRole(trusted).Verify(next);
        }
        catch (ContentTrustException e)
        {
            throw new ContentTrustException($"root version {next.Version} is not signed by the keys of trusted root version {trusted.Version} ({e.Message})");
        }
        RootRole(next).Verify(next);
        return next;
    }

    private static TufRole RootRole(TufMetadata root) =>
        TufRole.Of("root", TufJson.Object(TufJson.Object(root.Signed, "roles"), "root"), TufMetadata.KeysOf(TufJson.Object(root.Signed, "keys")));

    /// <summary>At least one pinned key is a root key and signed, and the root meets its own threshold.</summary>
    private static bool SignedByPinned(TufMetadata root, ContentTrustAnchor anchor)
    {
        var role = RootRole(root);
        var pinnedIds = role.KeyIds.Where(id => role.Keys.TryGetValue(id, out var k) && anchor.PinnedKeys.Any(p => p.AsSpan().SequenceEqual(k.Material))).ToList();
        if (pinnedIds.Count == 0) return false;
        var signers = role.Verify(root);
        return signers.Intersect(pinnedIds).Any();
    }
}
