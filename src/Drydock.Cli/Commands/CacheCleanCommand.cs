using System.CommandLine;
using Drydock.Scanning.Cache;

namespace Drydock.Cli.Commands;

/// <summary><c>drydock cache clean</c>: removes every cached layer analysis; the vulnerability database is kept.</summary>
internal static class CacheCleanCommand
{
    public static Command Create()
    {
        var command = new Command("clean", "Remove every cached layer analysis (the vulnerability database is kept).");
        command.SetAction(parse =>
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
        return command;
    }
}
