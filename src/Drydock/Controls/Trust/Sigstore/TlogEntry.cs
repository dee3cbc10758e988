using System.Text.Json;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// One transparency-log entry of a bundle (<c>TransparencyLogEntry</c>): the log's id, the canonicalized entry body,
/// the integrated time (Rekor v1 only), the signed entry timestamp (inclusion promise) and the inclusion proof.
/// </summary>
public sealed record TlogEntry(
    long LogIndex,
    byte[] LogId,
    string Kind,
    string Version,
    long? IntegratedTime,
    byte[] Body,
    string BodyBase64,
    byte[]? SignedEntryTimestamp,
    InclusionProof? Proof)
{
    internal static TlogEntry Parse(JsonElement e)
    {
        var kv = e.GetProperty("kindVersion");
        var integrated = e.TryGetProperty("integratedTime", out _) ? SigstoreBundle.Int64(e, "integratedTime") : (long?)null;
        var bodyBase64 = e.GetProperty("canonicalizedBody").GetString() ?? "";
        byte[]? set = e.TryGetProperty("inclusionPromise", out var promise) ? SigstoreBundle.Base64(promise, "signedEntryTimestamp") : null;
        InclusionProof? proof = null;
        if (e.TryGetProperty("inclusionProof", out var p))
        {
            var hashes = p.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString() ?? "")).ToList();
            var checkpoint = p.TryGetProperty("checkpoint", out var c) && c.TryGetProperty("envelope", out var env) ? env.GetString() : null;
            proof = new InclusionProof(SigstoreBundle.Int64(p, "logIndex"), SigstoreBundle.Int64(p, "treeSize"), SigstoreBundle.Base64(p, "rootHash"), hashes, checkpoint);
        }
        return new TlogEntry(SigstoreBundle.Int64(e, "logIndex"), SigstoreBundle.Base64(e.GetProperty("logId"), "keyId"),
            kv.GetProperty("kind").GetString() ?? "", kv.GetProperty("version").GetString() ?? "",
            integrated == 0 ? null : integrated, Convert.FromBase64String(bodyBase64), bodyBase64, set, proof);
    }
}

/// <summary>An RFC 6962 inclusion proof with the log's signed checkpoint (a signed note).</summary>
public sealed record InclusionProof(long LogIndex, long TreeSize, byte[] RootHash, IReadOnlyList<byte[]> Hashes, string? Checkpoint);
