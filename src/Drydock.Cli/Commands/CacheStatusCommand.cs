using System.CommandLine;
using Drydock.Scanning.Cache;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock cache status</c>: the layer cache's path, entry count and size.</summary>
internal static class CacheStatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Print the cache's path, entry count and size.");
        command.SetAction(parse =>
        {
            using var cache = new LayerCache(LayerCache.DefaultPath, LayerCache.DefaultMaxBytes);
            var (entries, bytes) = cache.Stats();
            parse.InvocationConfiguration.Output.WriteLine($"{cache.Path}\t{entries} layer(s)\t{bytes} bytes");
            return 0;
        });
        return command;
    }
}
