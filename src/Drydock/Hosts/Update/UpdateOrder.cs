namespace Drydock.Hosts.Update;

/// <summary>
/// Orders containers so that what a container depends on (links, <c>container:</c> network mode, compose
/// depends_on) is updated before it. Cycles do not hang: the rest follows in name order.
/// </summary>
public static class UpdateOrder
{
    public static IReadOnlyList<ContainerInfo> Sort(IReadOnlyList<ContainerInfo> containers)
    {
        var byKey = new Dictionary<string, ContainerInfo>(StringComparer.Ordinal);
        foreach (var c in containers)
        {
            byKey[c.Name] = c;
            byKey[c.Id] = c;
            if (c.Labels.TryGetValue(ContainerInfo.ComposeServiceLabel, out var service))
                byKey.TryAdd(ContainerInfo.ComposeKey(c.Labels.GetValueOrDefault(ContainerInfo.ComposeProjectLabel), service), c);
        }
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ContainerInfo>();
        foreach (var c in containers.OrderBy(c => c.Name, StringComparer.Ordinal)) Visit(c);
        return result;

        void Visit(ContainerInfo c)
        {
            if (done.Contains(c.Id) || !visiting.Add(c.Id)) return;
            foreach (var dep in c.DependsOn.Order(StringComparer.Ordinal))
            {
                if (byKey.TryGetValue(dep, out var d)) Visit(d);
            }
            visiting.Remove(c.Id);
            if (done.Add(c.Id)) result.Add(c);
        }
    }
}
