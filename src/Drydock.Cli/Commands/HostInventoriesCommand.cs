using System.CommandLine;
using Drydock.Hosts.Audit;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock host inventories prune</c>: bounds the stored inventories host audits keep under the cache root.</summary>
internal static class HostInventoriesCommand
{
    private const int DefaultDays = 90;

    public static Command Create()
    {
        var olderThan = new Option<int?>("--older-than") { Description = $"Remove records not used (read or written by a host audit) for more than DAYS days. Default {DefaultDays} when --keep is not given either." };
        var keep = new Option<int?>("--keep") { Description = "Keep at most N records per engine, the most recently used (a host audit itself keeps at most " + StoredInventories.DefaultMaxPerEngine + ")." };
        var prune = new Command("prune",
            "Remove stored image inventories of host audits (<cache>/host-inventories/<engine key>/<image id>.json) by age and count. " +
            "Only record files there are removed; a removed record only means the image is exported once more by the next audit.\n" + DrydockCli.ExitCodeHelp)
        {
            olderThan, keep,
        };
        prune.SetAction(parse =>
        {
            var days = parse.GetValue(olderThan);
            var count = parse.GetValue(keep);
            if (days is < 0) throw new UsageException("--older-than must be zero or more days");
            if (count is < 0) throw new UsageException("--keep must be zero or more records");
            if (days is null && count is null) days = DefaultDays;
            var directory = StoredInventories.DefaultDirectory;
            var result = new InventoryPruner(directory, TimeProvider.System).Prune(days is { } d ? TimeSpan.FromDays(d) : null, count);
            parse.InvocationConfiguration.Output.WriteLine(
                $"{directory}\tremoved {result.Removed} record(s), {result.RemovedBytes} bytes; kept {result.Kept} in {result.Engines} engine folder(s)");
            return 0;
        });
        var command = new Command("inventories", "The image inventories host audits store per engine and image id (docs/hosts.md).");
        command.Subcommands.Add(prune);
        return command;
    }
}
