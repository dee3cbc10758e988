namespace Drydock.Hosts.Update;

/// <summary>
/// Which containers <c>host update</c> touches: named ones (<c>--container</c>), those with a label
/// (<c>--label KEY=VAL</c>), or all (<c>--all</c>). A container labelled <c>drydock.update=false</c> is never touched.
/// </summary>
public sealed record ContainerSelector(IReadOnlyList<string> Names, IReadOnlyList<string> Labels, bool All)
{
    public const string OptOutLabel = "drydock.update";

    /// <summary>The label docker compose puts on every container of a project (<c>--project NAME</c> selects by it).</summary>
    public const string ComposeProjectLabel = ContainerInfo.ComposeProjectLabel;

    public bool Selects(ContainerInfo c)
    {
        if (c.Labels.TryGetValue(OptOutLabel, out var v) && v.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (All) return true;
        if (Named(c)) return true;
        return Labels.Any(l =>
        {
            var eq = l.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? c.Labels.ContainsKey(l) : c.Labels.TryGetValue(l[..eq], out var value) && value == l[(eq + 1)..];
        });
    }

    /// <summary>True when <c>--container</c> asked for this container by name or id (at least 12 characters).</summary>
    public bool Named(ContainerInfo c) =>
        Names.Contains(c.Name, StringComparer.Ordinal) || Names.Any(n => n.Length >= 12 && c.Id.StartsWith(n, StringComparison.Ordinal));
}
