using System.CommandLine;
using Drydock.Cli.Commands;

namespace Drydock.Cli;

/// <summary>Builds the command tree and maps library errors to one stderr line and a documented exit code.</summary>
internal static class DrydockCli
{
    /// <summary>Every verb's temp area (docs/security.md "Temporary files").</summary>
    internal static readonly Option<string?> TempDir = new("--temp-dir")
    {
        Description = $"Directory for temporary files (decompressed archives, engine exports, rpm databases, unpacked bundles, SQLite spill files); each run works in its own subdirectory and removes those of runs that were killed. Default: ${DrydockTemp.EnvironmentVariable}, else <cache>/tmp.",
        Recursive = true,
    };

    /// <summary>Every verb's progress switch: progress lines go to stderr unless -q (warnings and errors still appear).</summary>
    internal static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress on stderr (warnings and errors still appear).",
        Recursive = true,
    };

    internal const string ExitCodeHelp =
        "Exit codes: 0 success (or gate passed), the --exit-code value when a gate fails, 2 usage or configuration error, 3 runtime error, 4 'db update' wrote the database but some feeds are stale, or 'db status' found it stale.";

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Drydock: audit container images against the CIS Docker Benchmark image controls, daemonless.\n" + ExitCodeHelp);
        // One explicit registration list (no reflection): each verb lives in Commands/.
        root.Subcommands.Add(ImageCommand.Create());
        root.Subcommands.Add(SbomCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(DockerfileCommand.Create());
        root.Subcommands.Add(HostCommand.Create());
        root.Subcommands.Add(BaseCommand.Create());
        root.Subcommands.Add(CacheCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(DbCommand.Create());
        root.Subcommands.Add(SigstoreCommand.Create());
        root.Subcommands.Add(ServerCommand.Create());
        root.Options.Add(TempDir);
        root.Options.Add(Quiet);
        return root;
    }

    /// <summary>The root's help lists each verb without the exit-code paragraph its own help ends with (the root says it once).</summary>
    private static void ListVerbsOnce(RootCommand root)
    {
        foreach (var verb in root.Subcommands)
            if (verb.Description?.EndsWith("\n" + ExitCodeHelp, StringComparison.Ordinal) == true)
                verb.Description = verb.Description[..^(ExitCodeHelp.Length + 1)];
    }

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(Build(), args, stdout, stderr);

    internal static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors) await stderr.WriteLineAsync("drydock: " + e.Message);
                return ExitCodes.UsageError;
            }
            if (parse.CommandResult.Command == root) ListVerbsOnce(root);
            if (parse.GetValue(TempDir) is { } temp) DrydockTemp.Configure(temp);
            SqliteTempDirectory.UseOnce(DrydockTemp.ProcessDirectory);
            return await parse.InvokeAsync(config);
        }
        catch (DrydockException e)
        {
            await stderr.WriteLineAsync("drydock: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("drydock: cancelled");
            return ExitCodes.RuntimeError;
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync("drydock: " + e.Message);
            return ExitCodes.RuntimeError;
        }
        catch (UnauthorizedAccessException e)
        {
            await stderr.WriteLineAsync("drydock: " + e.Message);
            return ExitCodes.RuntimeError;
        }
#pragma warning disable CA1031 // The last line of defence (issue 18): a case nobody typed still ends in one line and exit 3.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync(InternalError(e));
            return ExitCodes.RuntimeError;
        }
    }

    /// <summary>One stderr line for an exception no handler expected: its type and message, never a stack trace.</summary>
    internal static string InternalError(Exception e) =>
        $"drydock: internal error ({e.GetType().Name}): {string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries))}";
}
