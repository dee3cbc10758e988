using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Drydock.Images.Layers.Inflate;
using Drydock.Vulnerabilities.Versions;

namespace Drydock.Cli.Commands;

/// <summary>
/// <c>drydock version</c>: the tool version; <c>drydock version compare SCHEME A B</c>: how a scheme orders two
/// versions (-1, 0, 1), so a user can see why a package was or was not flagged.
/// </summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Also print the runtime and which gzip decoder layers use: ISA-L (libisal, found beside the " +
                          "binary or on the system) or the managed zlib path, and the zstd decoder: libzstd or the managed " +
                          "ZstdSharp, and why (DRYDOCK_INFLATE=managed forces both managed paths); and whether the native " +
                          "binary's start-up data is on transparent huge pages (DRYDOCK_STARTUP_HUGEPAGES=0 turns that off) and " +
                          "whether the memory it commits is populated at once (DRYDOCK_POPULATE_COMMITS=0 turns that off).",
        };
        var command = new Command("version", "Print the Drydock version. Subcommand 'compare' orders two versions of a package scheme.")
        {
            verbose,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine("drydock " + ToolInfo.Version);
            if (parse.GetValue(verbose))
            {
                output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
                output.WriteLine("gzip inflate: " + GzipInflate.Choice.Description);
                output.WriteLine("zstd decode: " + ZstdDecode.Choice.Description);
                output.WriteLine("start-up pages: " + StartupPages.Describe());
                output.WriteLine("heap commits: " + StartupPages.DescribeCommits());
            }
            return 0;
        });
        command.Subcommands.Add(CreateCompare());
        return command;
    }

    private static Command CreateCompare()
    {
        var schemes = string.Join(", ", VersionComparers.Schemes);
        var scheme = new Argument<string>("SCHEME") { Description = "Version scheme: " + schemes + "." };
        var a = new Argument<string?>("A") { Description = "First version.", Arity = ArgumentArity.ZeroOrOne };
        var b = new Argument<string?>("B") { Description = "Second version.", Arity = ArgumentArity.ZeroOrOne };
        var stdin = new Option<bool>("--stdin")
        {
            Description = "Read 'A<TAB>B' lines from standard input and print one result per line; a bad line is " +
                          "reported on stderr with its line number and makes the exit code 2 at the end.",
        };
        var compare = new Command(
            "compare",
            "Print -1, 0 or 1 as A sorts before, equal to or after B in SCHEME's own order (dpkg, rpmvercmp, apk-tools, " +
            "semver, node-semver, PEP 440, Maven ComparableVersion, Go modules, NuGet, RubyGems). Schemes: " + schemes +
            ". An invalid version exits 2 with one line on stderr.\n" + DrydockCli.ExitCodeHelp)
        {
            scheme, a, b, stdin,
        };
        compare.SetAction(parse =>
        {
            var comparer = VersionComparers.Get(parse.GetValue(scheme)!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(stdin))
            {
                if (parse.GetValue(a) is not null) throw new UsageException("give either A B or --stdin, not both");
                return CompareLines(comparer, Console.In, output, parse.InvocationConfiguration.Error);
            }
            var x = parse.GetValue(a) ?? throw new UsageException("version compare needs A and B (or --stdin)");
            var y = parse.GetValue(b) ?? throw new UsageException("version compare needs A and B (or --stdin)");
            output.WriteLine(Compare(comparer, x, y).ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return compare;
    }

    /// <summary>The --stdin loop: one sign per good line, a warning per bad line, exit 2 when any line was bad.</summary>
    internal static int CompareLines(IVersionComparer comparer, TextReader input, TextWriter output, TextWriter error)
    {
        var bad = 0;
        var number = 0;
        while (input.ReadLine() is { } line)
        {
            number++;
            var fields = line.Split('\t');
            try
            {
                if (fields.Length != 2) throw new UsageException("expected 'A<TAB>B'");
                output.WriteLine(Compare(comparer, fields[0], fields[1]).ToString(CultureInfo.InvariantCulture));
            }
            catch (UsageException e)
            {
                bad++;
                error.WriteLine($"drydock: line {number}: {e.Message}");
            }
        }
        return bad == 0 ? 0 : ExitCodes.UsageError;
    }

    private static int Compare(IVersionComparer comparer, string a, string b)
    {
        foreach (var v in new[] { a, b })
        {
            if (!comparer.IsValid(v)) throw new UsageException($"invalid {comparer.Scheme} version: '{v}'");
        }
        try
        {
            return Math.Sign(comparer.Compare(a, b));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, e);
        }
    }
}
