using System.Security.Cryptography;
using System.Text;

namespace Drydock.Controls.Trust.Sigstore;

/// <summary>
/// Verifies a bundle's transparency-log entries offline: the log is one of the trusted root's (by log id) and trusted at
/// the entry's time; the signed entry timestamp (Rekor v1 inclusion promise: the log's signature over the canonical JSON
/// of body, integratedTime, logID and logIndex) and the inclusion proof (RFC 6962 audit path to the root of a checkpoint
/// the log signed). Bundles v0.2 and later must carry the proof; v0.1 must carry the promise.
/// </summary>
public static class TransparencyLogVerifier
{
    /// <summary>Verifies one entry and returns its integrated time when the signed entry timestamp proved it (Rekor v1).</summary>
    public static DateTimeOffset? Verify(TlogEntry entry, int bundleMinorVersion, TrustedRoot root)
    {
        var log = root.TransparencyLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(entry.LogId))
            ?? throw new BundleRejectedException("the log entry comes from a transparency log the trusted root does not list");
        DateTimeOffset? integrated = null;
        if (entry.SignedEntryTimestamp is { } set && entry.IntegratedTime is { } time)
        {
            var payload = Encoding.UTF8.GetBytes(
                $"{{\"body\":\"{entry.BodyBase64}\",\"integratedTime\":{time},\"logID\":\"{Convert.ToHexStringLower(entry.LogId)}\",\"logIndex\":{entry.LogIndex}}}");
            if (!PublicKeys.TryVerify(log.PublicKey, payload, set)) throw new BundleRejectedException("the signed entry timestamp does not verify with the log's key");
            integrated = DateTimeOffset.FromUnixTimeSeconds(time);
            if (!log.ValidAt(integrated.Value)) throw new BundleRejectedException("the transparency log's key was not trusted at the entry's integrated time");
        }
        else if (bundleMinorVersion == 1)
        {
            throw new BundleRejectedException("a v0.1 bundle's log entry needs a signed entry timestamp");
        }
        if (entry.Proof is { } proof)
        {
            VerifyProof(entry, proof, log, bundleMinorVersion);
        }
        else if (bundleMinorVersion >= 2)
        {
            throw new BundleRejectedException("the log entry has no inclusion proof");
        }
        return integrated;
    }

    /// <summary>The log that holds <paramref name="entry"/> must be trusted at <paramref name="time"/> (a closed interval with a start).</summary>
    public static void CheckLogValidAt(TlogEntry entry, TrustedRoot root, DateTimeOffset time)
    {
        var log = root.TransparencyLogs.First(l => l.LogId.AsSpan().SequenceEqual(entry.LogId));
        if (!log.ValidAt(time)) throw new BundleRejectedException("the transparency log's key was not trusted at the signing time");
    }

    private static void VerifyProof(TlogEntry entry, InclusionProof proof, TrustedLog log, int bundleMinorVersion)
    {
        if (!MerkleInclusion.Verify(MerkleInclusion.LeafHash(entry.Body), proof.LogIndex, proof.TreeSize, proof.Hashes, proof.RootHash))
            throw new BundleRejectedException("the inclusion proof does not lead from the entry to the root hash");
        if (proof.Checkpoint is null)
        {
            if (bundleMinorVersion >= 2) throw new BundleRejectedException("the inclusion proof has no signed checkpoint");
            return;
        }
        var checkpoint = Checkpoint.Parse(proof.Checkpoint);
        if (checkpoint.Size != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            throw new BundleRejectedException("the checkpoint is for another tree than the inclusion proof");
        if (!checkpoint.SignedBy(log)) throw new BundleRejectedException("the checkpoint carries no valid signature of the log");
    }
}
