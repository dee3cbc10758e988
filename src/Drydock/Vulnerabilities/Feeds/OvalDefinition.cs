namespace Drydock.Vulnerabilities.Feeds;

/// <summary>
/// The parts of one OVAL 5 <c>&lt;definition&gt;</c> (oval-definitions-schema, §definition) that vendor feeds fill:
/// its metadata (title, description, references, affected platforms, the vendor's severity, issue date, Microsoft's
/// <c>patchable</c>) and its criteria tree. Read from OVAL XML (<see cref="OvalXmlReader"/>) or from vuln-list's JSON
/// conversion of it; what a criterion means is each vendor's convention (<see cref="OracleOvalParser"/>,
/// <see cref="MarinerOvalParser"/>).
/// </summary>
internal sealed record OvalDefinition
{
    public required string Id { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Severity { get; init; }
    public string? Issued { get; init; }
    public string? Patchable { get; init; }
    public IReadOnlyList<OvalReference> References { get; init; } = [];
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public OvalCriteria? Criteria { get; init; }
}

/// <summary>A <c>&lt;reference source ref_id ref_url&gt;</c> of a definition (a CVE, an ELSA).</summary>
internal sealed record OvalReference(string? Source, string Id, string? Url);

/// <summary>A <c>&lt;criteria operator&gt;</c>: nested criteria and criterions, in document order per kind.</summary>
internal sealed record OvalCriteria(string? Operator, IReadOnlyList<OvalCriteria> Criterias, IReadOnlyList<OvalCriterion> Criterions)
{
    /// <summary>Every criterion of this tree, depth first.</summary>
    public IEnumerable<OvalCriterion> All() => Criterions.Concat(Criterias.SelectMany(c => c.All()));
}

/// <summary>A <c>&lt;criterion test_ref comment&gt;</c>.</summary>
internal sealed record OvalCriterion(string? TestRef, string? Comment);

/// <summary>
/// The rpminfo tests, objects and states of an OVAL document, resolved: test id → the package name its object names
/// and the <c>evr</c> comparison its state makes (operation as written, <c>less than</c>…, and the EVR).
/// </summary>
internal sealed class OvalTests
{
    public Dictionary<string, (string? Object, string? State)> Tests { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Objects { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (string Operation, string Evr)> States { get; } = new(StringComparer.Ordinal);

    public int Count => Tests.Count + Objects.Count + States.Count;

    /// <summary>The package and EVR comparison a test makes, or null when the test, its object or its state is missing.</summary>
    public (string Package, string Operation, string Evr)? Resolve(string? testRef) =>
        testRef is not null && Tests.TryGetValue(testRef, out var t)
            && t.Object is not null && Objects.TryGetValue(t.Object, out var name)
            && t.State is not null && States.TryGetValue(t.State, out var state)
            ? (name, state.Operation, state.Evr)
            : null;
}
