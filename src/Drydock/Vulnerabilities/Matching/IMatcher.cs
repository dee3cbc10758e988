using Drydock.Inventory;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>Matches the packages of one ecosystem against the advisories that apply to them. Pure: no I/O but the store, no clock.</summary>
public interface IMatcher
{
    /// <summary>Stable id: <c>dpkg</c>, <c>apk</c>, <c>rpm</c>, <c>npm</c>…</summary>
    string Name { get; }

    /// <summary>True when this matcher is responsible for <paramref name="package"/> on <paramref name="os"/>.</summary>
    bool CanMatch(OsInfo os, Package package);

    /// <summary>The findings for one package (unsorted; the scanner sorts).</summary>
    IEnumerable<Finding> Match(OsInfo os, Package package, MatchContext context);
}
