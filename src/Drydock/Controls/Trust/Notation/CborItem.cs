namespace Drydock.Controls.Trust.Notation;

/// <summary>One decoded CBOR data item (RFC 8949): the few shapes COSE needs. Floats and simple values keep only their kind.</summary>
public sealed record CborItem(CborKind Kind, long Integer = 0, byte[]? Bytes = null, string? Text = null,
    IReadOnlyList<CborItem>? Items = null, IReadOnlyList<KeyValuePair<CborItem, CborItem>>? Entries = null, ulong Tag = 0)
{
    /// <summary>The value of <paramref name="key"/> (an integer label or a text label) in a map, or null.</summary>
    public CborItem? Get(object key) => Entries?.FirstOrDefault(e => key switch
    {
        long l => e.Key.Kind is CborKind.Unsigned or CborKind.Negative && e.Key.Integer == l,
        string s => e.Key.Kind == CborKind.Text && e.Key.Text == s,
        _ => false,
    }).Value;
}

public enum CborKind
{
    Unsigned,
    Negative,
    Bytes,
    Text,
    Array,
    Map,
    Tagged,
    Simple,
}
