namespace Drydock.Reports;

/// <summary>
/// Turns a package's license strings into one SPDX <c>licenseDeclared</c> expression: known ids and valid expressions
/// as they are, other names as <c>LicenseRef-</c> ids (collected in <see cref="Extracted"/> for
/// hasExtractedLicensingInfos), several licenses joined with AND, none as NOASSERTION.
/// </summary>
internal sealed class SpdxLicenseRefs
{
    private readonly Dictionary<string, string> byName = new(StringComparer.Ordinal);

    /// <summary>LicenseRef id → the name it stands for.</summary>
    public Dictionary<string, string> Extracted { get; } = new(StringComparer.Ordinal);

    public string Declared(IReadOnlyList<string> licenses)
    {
        if (licenses.Count == 0) return "NOASSERTION";
        var parts = licenses
            .Select(l => LicenseExpression.Classify(l, out var n) switch
            {
                LicenseExpression.Kind.Id => n,
                LicenseExpression.Kind.Expression => licenses.Count > 1 ? $"({n})" : n,
                _ => RefFor(n),
            })
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return string.Join(" AND ", parts);
    }

    private string RefFor(string name)
    {
        if (byName.TryGetValue(name, out var existing)) return existing;
        var id = LicenseExpression.LicenseRef(name);
        // Two names that sanitise alike ("A B" and "A-B") must not share an id.
        if (Extracted.ContainsKey(id)) id += "-" + ReportModel.ShortHash(name);
        byName[name] = id;
        Extracted[id] = name;
        return id;
    }
}
