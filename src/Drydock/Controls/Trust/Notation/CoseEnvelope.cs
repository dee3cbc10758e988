namespace Drydock.Controls.Trust.Notation;

/// <summary>
/// The Notary Project COSE envelope: a COSE_Sign1 (RFC 9052 §4.2, optionally with tag 18) whose protected header holds
/// alg (1), crit (2), content type (3) and the <c>io.cncf.notary.*</c> labels (times as tag 1 epoch seconds), and whose
/// unprotected header holds x5chain (33) and, when timestamped, the text label <c>io.cncf.notary.timestampSignature</c> (the RFC 3161
/// TimeStampToken as a byte string). The signed bytes are Sig_structure ["Signature1", protected, h'', payload].
/// </summary>
internal static class CoseEnvelope
{
    private const ulong Sign1Tag = 18;
    private const long AlgLabel = 1;
    private const long CritLabel = 2;
    private const long X5ChainLabel = 33;

    public static NotationEnvelope Decode(byte[] bytes)
    {
        var item = CborReader.Decode(bytes);
        if (item.Kind == CborKind.Tagged)
        {
            if (item.Tag != Sign1Tag) throw new FormatException("COSE: not a COSE_Sign1 (tag 18)");
            item = item.Items![0];
        }
        if (item.Kind != CborKind.Array || item.Items!.Count != 4) throw new FormatException("COSE: COSE_Sign1 must be an array of 4");
        var (protectedBytes, unprotectedMap, payload, signature) = (Bytes(item.Items[0]), item.Items[1], Bytes(item.Items[2]), Bytes(item.Items[3]));
        if (unprotectedMap.Kind != CborKind.Map) throw new FormatException("COSE: the unprotected header is not a map");
        var header = CborReader.Decode(protectedBytes);
        if (header.Kind != CborKind.Map) throw new FormatException("COSE: the protected header is not a map");
        var chainItem = unprotectedMap.Get(X5ChainLabel) ?? throw new FormatException("COSE: no x5chain in the unprotected header");
        var chain = chainItem.Kind == CborKind.Array ? chainItem.Items!.Select(Bytes).ToList() : [Bytes(chainItem)];
        var critical = header.Get(CritLabel)?.Items?.Select(c => c.Text ?? c.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() ?? [];
        return new NotationEnvelope(
            "cose",
            Algorithm(header.Get(AlgLabel)),
            SigStructure(protectedBytes, payload),
            signature,
            payload,
            chain,
            header.Get("io.cncf.notary.signingScheme")?.Text,
            Time(header.Get("io.cncf.notary.signingTime")) ?? Time(header.Get("io.cncf.notary.authenticSigningTime")),
            Time(header.Get("io.cncf.notary.expiry")),
            critical,
            NotationEnvelope.BoundedTimestamp(unprotectedMap.Get(NotationEnvelope.TimestampHeader) is { } token ? Bytes(token) : null));
    }

    // COSE algorithm registry: PS256 -37, PS384 -38, PS512 -39, ES256 -7, ES384 -35, ES512 -36.
    private static string Algorithm(CborItem? alg) => alg?.Integer switch
    {
        -37 => "PS256",
        -38 => "PS384",
        -39 => "PS512",
        -7 => "ES256",
        -35 => "ES384",
        -36 => "ES512",
        _ => throw new FormatException($"COSE: unsupported algorithm {alg?.Integer}"),
    };

    private static DateTimeOffset? Time(CborItem? item) =>
        item is null ? null
        : item.Kind == CborKind.Tagged && item.Tag == 1 && item.Items![0].Kind == CborKind.Unsigned
            ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(item.Items[0].Integer, 253402300799))
            : throw new FormatException("COSE: a time header is not a tag-1 epoch integer");

    private static byte[] Bytes(CborItem item) =>
        item.Kind == CborKind.Bytes ? item.Bytes! : throw new FormatException("COSE: expected a byte string");

    private static byte[] SigStructure(byte[] protectedBytes, byte[] payload)
    {
        var context = "Signature1"u8.ToArray();
        return [.. CborReader.Head(4, 4), .. CborReader.Head(3, context.Length), .. context,
            .. CborReader.Head(2, protectedBytes.Length), .. protectedBytes, .. CborReader.Head(2, 0),
            .. CborReader.Head(2, payload.Length), .. payload];
    }
}
