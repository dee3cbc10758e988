namespace Drydock.Vulnerabilities.Distribution;

/// <summary>How a column's values are written in its stream (docs/db-artifact.md, "Columns layer").</summary>
internal enum ColumnKind : byte
{
    /// <summary>UTF-8 text: a varint tag per row, 0 = NULL, 1 = the previous row's value again, n + 2 = n bytes follow.</summary>
    Text = 1,

    /// <summary>A 64-bit integer, never NULL: a varint per row, the zigzag of the difference from the previous row's value (the first row's from 0).</summary>
    Integer = 2,

    /// <summary>A double: a byte per row, 0 = NULL, 1 = eight bytes follow (IEEE 754, little-endian).</summary>
    Real = 3,
}

/// <summary>One column of a carried table: its name, how its values are written, and whether it may be NULL.</summary>
internal sealed record ColumnSpec(string Name, ColumnKind Kind, bool Nullable);

/// <summary>A table a columns layer carries: its name, its columns in declaration order, and the columns of its primary key (the row order).</summary>
internal sealed record TableSpec(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<string> Key);

/// <summary>
/// The tables and columns a columns layer of schema 2 may carry, fixed here (not read from the layer), so that a layer
/// names only tables and columns of the database schema (<c>Database/DatabaseSchema</c>) and can declare no SQL of its own.
/// A unit test checks this list against the schema's own declarations. The order is the order of the tables in a layer.
/// </summary>
internal static class ColumnLayerSchema
{
    private static ColumnSpec T(string name, bool nullable = false) => new(name, ColumnKind.Text, nullable);

    private static ColumnSpec I(string name) => new(name, ColumnKind.Integer, false);

    public static readonly IReadOnlyList<TableSpec> Tables =
    [
        new("meta", [T("key"), T("value")], ["key"]),
        new("feed", [T("name"), T("url", true), T("fetched_at", true), T("etag", true), T("last_modified", true), I("records")], ["name"]),
        new("vulnerability", [T("id"), T("title", true), T("description", true), T("published", true), T("modified", true)], ["id"]),
        new("alias", [T("vuln_id"), T("alias")], ["vuln_id", "alias"]),
        new("cvss", [T("vuln_id"), T("source"), T("version"), T("vector"), new("score", ColumnKind.Real, true), I("severity")], ["vuln_id", "source", "version"]),
        new("reference", [T("vuln_id"), T("url")], ["vuln_id", "url"]),
        new("product_cpe", [T("kind"), T("key"), T("cpe")], ["kind", "key", "cpe"]),
        new("os_lifecycle", [T("release"), T("eol"), T("release_date", true), T("latest", true), T("source")], ["release"]),
        new("namespace_source", [T("namespace"), T("data_source")], ["namespace", "data_source"]),
        new("affected",
        [
            T("namespace"), T("package"), I("seq"), T("vuln_id"), T("version_scheme"), T("introduced", true), T("fixed", true),
            T("last_affected", true), T("limit_version", true), T("versions", true), T("status"), T("status_detail", true),
            I("severity"), T("severity_source", true), T("data_source"),
        ], ["namespace", "package", "seq"]),
    ];

    /// <summary>The carried table named <paramref name="name"/>, or null.</summary>
    public static TableSpec? Find(string name) => Tables.FirstOrDefault(t => t.Name == name);
}
