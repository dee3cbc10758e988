using System.Text.Json;

namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// vuln-list's JSON conversion of OVAL documents (as trivy-db reads them): one definition per file, in Microsoft's
/// shape (<c>{ID, Metadata: {Title, Reference, Patchable, Severity, …}, Criteria: {Operator, Criterion[], Criteria[]}}</c>)
/// or Oracle's (<c>{Title, Description, Platform[], References[], Criteria: {Operator, Criterias[], Criterions[]},
/// Severity, IssueDate}</c>), and for Microsoft the release's <c>tests/tests.json</c>, <c>objects/objects.json</c> and
/// <c>states/states.json</c>. Mapped onto the same <see cref="OvalDefinition"/> as the XML.
/// </summary>
internal static class OvalVulnListJson
{
    public static OvalDefinition Definition(JsonElement root, string fallbackId)
    {
        var metadata = root.TryGetProperty("Metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : root;
        var references = new List<OvalReference>();
        if (metadata.TryGetProperty("Reference", out var single) && single.ValueKind == JsonValueKind.Object && Str(single, "RefID") is { } refId)
            references.Add(new OvalReference(Str(single, "Source"), refId, Str(single, "RefURL")));
        foreach (var r in Array(root, "References"))
            if (Str(r, "ID") is { } id) references.Add(new OvalReference(Str(r, "Source"), id, Str(r, "URI")));
        var platforms = Array(root, "Platform").Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList();
        if (metadata.TryGetProperty("Affected", out var affected) && Str(affected, "Platform") is { } platform) platforms.Add(platform);
        return new OvalDefinition
        {
            Id = Str(root, "ID") ?? fallbackId,
            Title = Str(metadata, "Title")?.Trim(),
            Description = Str(metadata, "Description")?.Trim(),
            Severity = Str(metadata, "Severity") ?? Str(root, "Severity"),
            Issued = Str(metadata, "AdvisoryDate") ?? Str(root, "IssueDate"),
            Patchable = Str(metadata, "Patchable"),
            References = references,
            Platforms = platforms,
            Criteria = root.TryGetProperty("Criteria", out var c) && c.ValueKind == JsonValueKind.Object ? Criteria(c, 0) : null,
        };
    }

    /// <summary>Adds the tests, objects and states of a release folder's <c>tests/</c>, <c>objects/</c>, <c>states/</c> files.</summary>
    public static void AddTests(JsonElement root, OvalTests tables)
    {
        foreach (var t in Array(root, "RpminfoTests"))
            if (Str(t, "ID") is { } id)
                tables.Tests[id] = (t.TryGetProperty("Object", out var o) ? Str(o, "ObjectRef") : null, t.TryGetProperty("State", out var s) ? Str(s, "StateRef") : null);
        foreach (var o in Array(root, "RpminfoObjects"))
            if (Str(o, "ID") is { } id && Str(o, "Name") is { } name) tables.Objects[id] = name;
        foreach (var s in Array(root, "RpminfoState"))
            if (Str(s, "ID") is { } id && s.TryGetProperty("Evr", out var evr) && Str(evr, "Text") is { } text)
                tables.States[id] = (Str(evr, "Operation") ?? "equals", text);
    }

    private static OvalCriteria Criteria(JsonElement e, int depth)
    {
        if (depth > FeedLimits.MaxNesting) throw new FeedRecordException($"criteria nested deeper than {FeedLimits.MaxNesting}; record skipped");
        var nested = Array(e, "Criterias").Concat(Array(e, "Criteria")).Select(c => Criteria(c, depth + 1)).ToList();
        var criterions = Array(e, "Criterions").Concat(Array(e, "Criterion")).Select(c => new OvalCriterion(Str(c, "TestRef"), Str(c, "Comment"))).ToList();
        return new OvalCriteria(Str(e, "Operator"), nested, criterions);
    }

    // A "Criterion" that is an object, not an array, is the wrong shape (trivy-db fails the file; one record here).
    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? []
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray()
        : throw new FeedRecordException($"{name} is not an array; record skipped");

    private static string? Str(JsonElement e, string name) => OsvRecordParser.Str(e, name);
}

/// <summary>Where the OVAL feeds find their files in a feed folder.</summary>
internal static class OvalFiles
{
    /// <summary>OVAL XML documents (<c>*.xml</c>, <c>*.xml.gz</c>, <c>*.xml.bz2</c>), in ordinal order.</summary>
    public static IEnumerable<string> Xml(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml.gz", StringComparison.OrdinalIgnoreCase)
                    || f.EndsWith(".xml.bz2", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
}
