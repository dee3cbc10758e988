using System.CommandLine;
using Drydock.Scanning.Cache;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock cache status|clean</c>: the layer analysis cache (a re-scan of known layers reads no layer).</summary>
internal static class CacheCommand
{
    public static Command Create()
    {
        var command = new Command("cache", "The layer analysis cache under $DRYDOCK_CACHE_DIR (or $XDG_CACHE_HOME/drydock): layers.db.");
        var status = new Command("status", "Print the cache's path, entry count and size.");
        status.SetAction(parse =>
        {
            using var cache = new LayerCache(LayerCache.DefaultPath, LayerCache.DefaultMaxBytes);
            var (entries, bytes) = cache.Stats();
            parse.InvocationConfiguration.Output.WriteLine($"{cache.Path}\t{entries} layer(s)\t{bytes} bytes");
            return 0;
        });
        var clean = new Command("clean", "Remove every cached layer analysis (the vulnerability database is kept).");
        clean.SetAction(parse =>
        {
            if (!File.Exists(LayerCache.DefaultPath))
            {
                parse.InvocationConfiguration.Output.WriteLine($"{LayerCache.DefaultPath}\tnothing to clean");
                return 0;
            }
            using var cache = new LayerCache(LayerCache.DefaultPath, LayerCache.DefaultMaxBytes);
            var (entries, bytes) = cache.Stats();
            cache.Clean();
            parse.InvocationConfiguration.Output.WriteLine($"{cache.Path}\tremoved {entries} layer(s), {bytes} bytes");
            return 0;
        });
        command.Subcommands.Add(status);
        command.Subcommands.Add(clean);
        return command;
    }
}
