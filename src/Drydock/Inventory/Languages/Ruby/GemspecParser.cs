using System.Text.RegularExpressions;

namespace Drydock.Inventory.Languages.Ruby;

/// <summary>
/// Reads the Ruby source that RubyGems writes to <c>specifications/NAME-VERSION.gemspec</c> when it installs a gem
/// (<c>Gem::Specification#to_ruby</c>): <c>s.name = "rake".freeze</c>, <c>s.version = "13.0.6"</c> (older writers:
/// <c>Gem::Version.new("…")</c>), <c>s.licenses = ["MIT".freeze]</c>, <c>s.add_runtime_dependency(%q&lt;x&gt;…)</c>.
/// It is never evaluated — regexes over that generated form — so a hostile gemspec cannot run anything.
/// Development dependencies are not dependencies of the installed gem.
/// </summary>
internal static partial class GemspecParser
{
    private const string Quoted = """(?:"(?<v>[^"]*)"|'(?<v>[^']*)'|%q<(?<v>[^>]*)>|%q\{(?<v>[^}]*)\})""";

    public static ParsedPackage? Parse(Stream stream)
    {
        using var reader = new StreamReader(stream);
        string? name = null, version = null;
        var licenses = new List<string>();
        var deps = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (name is null && NameLine().Match(line) is { Success: true } n) name = n.Groups["v"].Value;
            else if (version is null && VersionLine().Match(line) is { Success: true } v) version = v.Groups["v"].Value;
            else if (LicenseLine().Match(line) is { Success: true } l)
                licenses.AddRange(QuotedString().Matches(l.Groups["rest"].Value).Select(m => m.Groups["v"].Value).Where(s => s.Length > 0));
            else if (DependencyLine().Match(line) is { Success: true } d) deps.Add(d.Groups["v"].Value);
        }
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version)) return null;
        return new ParsedPackage(null, name, version)
        {
            Licenses = [.. licenses.Distinct()],
            DependsOn = [.. deps.Distinct().Order(StringComparer.Ordinal)],
        };
    }

    [GeneratedRegex(@"^\s*\w+\.name\s*=\s*" + Quoted)]
    private static partial Regex NameLine();

    [GeneratedRegex(@"^\s*\w+\.version\s*=\s*(?:Gem::Version\.new\(\s*)?" + Quoted)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^\s*\w+\.licenses?\s*=\s*(?<rest>.*)$")]
    private static partial Regex LicenseLine();

    [GeneratedRegex(@"\.add_(?:runtime_)?dependency[\s(]+" + Quoted)]
    private static partial Regex DependencyLine();

    [GeneratedRegex(Quoted)]
    private static partial Regex QuotedString();
}
