using System.CommandLine.Parsing;
using System.Diagnostics;
using Drydock.Cli;
using Drydock.Tests.Images.Sources;

namespace Drydock.Tests.Release;

/// <summary>
/// Runs a CI script (an action step, a GitLab job) with bash exactly as written, with <c>drydock</c> a shell function that
/// records its argv, and parses that argv with Drydock's own command line: what the real drydock would have received.
/// </summary>
internal sealed class ScriptArguments : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Changes one setting at a time to its distinct value and asserts that exactly one option (or the TARGET argument)
    /// of the parsed <c>drydock image</c> line changed, and that it now carries the value (a switch: appeared for "true").
    /// </summary>
    public void AssertEachReachesOneOption(string script,
        Func<Dictionary<string, string>, Dictionary<string, string>> environment,
        Dictionary<string, string> defaults, IReadOnlyDictionary<string, string> distinct)
    {
        var baseline = Parse(Run(script, environment(defaults)));
        foreach (var (setting, value) in distinct)
        {
            var changed = new Dictionary<string, string>(defaults) { [setting] = value };
            var parsed = Parse(Run(script, environment(changed)));
            var differing = parsed.Where(p => !baseline.TryGetValue(p.Key, out var b) || b != p.Value).ToList();
            Assert.True(differing.Count == 1, $"'{setting}' changed {differing.Count} options: {string.Join(", ", differing.Select(d => d.Key))}");
            var (option, tokens) = differing[0];
            Assert.True(tokens.Contains(value, StringComparison.Ordinal) || (tokens.Length == 0 && value == "true"),
                $"'{setting}' reached {option} as '{tokens}', not '{value}'");
        }
    }

    /// <summary>The argv the script passed to drydock (the last call).</summary>
    public string[] Run(string script, IReadOnlyDictionary<string, string> environment)
    {
        var argvFile = _dir.Path("argv");
        File.Delete(argvFile);
        // A shell function named drydock takes precedence over PATH: it records the arguments NUL-separated.
        var recorder = $"drydock() {{ printf '%s\\0' \"$@\" > '{argvFile}'; }}\n";
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir.Root };
        foreach (var a in new[] { "-euo", "pipefail", "-c", recorder + script }) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "the script failed: " + stderr);
        return File.ReadAllText(argvFile).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Per option or argument of the parsed <c>drydock image</c> line, its tokens joined by '|'.</summary>
    public static Dictionary<string, string> Parse(string[] argv)
    {
        var parse = DrydockCli.Build().Parse(argv);
        Assert.True(parse.Errors.Count == 0, "drydock " + string.Join(' ', argv) + ": " + string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.Equal("image", parse.CommandResult.Command.Name);
        var result = new Dictionary<string, string>();
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is OptionResult { Implicit: false } o) result[o.Option.Name] = string.Join('|', o.Tokens.Select(t => t.Value));
            else if (child is ArgumentResult a) result[a.Argument.Name] = string.Join('|', a.Tokens.Select(t => t.Value));
        }
        return result;
    }
}
