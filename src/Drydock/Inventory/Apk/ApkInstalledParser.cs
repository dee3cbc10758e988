namespace Drydock.Inventory.Apk;

/// <summary>
/// Parses apk-tools' installed database (<c>lib/apk/db/installed</c>; apk-tools doc/apk-package(5) and the
/// "installed database V2" format): records separated by blank lines, each line <c>X:value</c> with a one-letter
/// key: P name, V version, A arch, o origin, L license, m maintainer, D dependencies, p provides (space-separated),
/// F directory and R file (a file belongs to the last F), C checksum, and others we do not need. A record without
/// P or V is skipped and reported as a problem. Bounded (<see cref="PackageDatabaseLimits"/>, docs/limits.md): a line
/// past the line bound is skipped, at most <see cref="PackageDatabaseLimits.MaxPackages"/> packages and
/// <see cref="PackageDatabaseLimits.MaxFilesPerPackage"/> files each are read, each bound hit is a problem.
/// </summary>
internal static class ApkInstalledParser
{
    public sealed record Result(IReadOnlyList<ApkInstalledEntry> Installed, IReadOnlyList<string> Problems);

    public static Result Parse(TextReader reader, CancellationToken cancellationToken = default)
    {
        var installed = new List<ApkInstalledEntry>();
        var problems = new List<string>();
        var record = new Builder();
        var lines = new BoundedLineReader(reader, PackageDatabaseLimits.MaxLineChars, cancellationToken);
        while (lines.ReadLine() is { } line)
        {
            var lineNo = lines.LineNumber;
            if (line.Length == 0)
            {
                record.Flush(installed, problems);
                if (installed.Count < PackageDatabaseLimits.MaxPackages) continue;
                problems.Add($"line {lineNo}: more than {PackageDatabaseLimits.MaxPackages} packages; the rest are not read");
                return new Result(installed, problems);
            }
            if (ReferenceEquals(line, BoundedLineReader.Overlong))
            {
                problems.Add($"line {lineNo}: longer than {PackageDatabaseLimits.Format(PackageDatabaseLimits.MaxLineChars)} characters; skipped");
                continue;
            }
            if (line.Length < 2 || line[1] != ':')
            {
                problems.Add($"line {lineNo}: not a 'X:value' line");
                continue;
            }
            if (record.StartLine == 0) record.StartLine = lineNo;
            record.Add(line[0], line[2..]);
        }
        if (installed.Count < PackageDatabaseLimits.MaxPackages) record.Flush(installed, problems);
        return new Result(installed, problems);
    }

    private sealed class Builder
    {
        private string? _name, _version, _arch, _origin, _license, _maintainer, _dir;
        private readonly List<string> _depends = [], _provides = [], _files = [];
        private bool _filesCut;
        public int StartLine { get; set; }

        public void Add(char key, string value)
        {
            switch (key)
            {
                case 'P': _name = value.Trim(); break;
                case 'V': _version = value.Trim(); break;
                case 'A': _arch = value.Trim(); break;
                case 'o': _origin = value.Trim(); break;
                case 'L': _license = value.Trim(); break;
                case 'm': _maintainer = value.Trim(); break;
                case 'D': _depends.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)); break;
                case 'p': _provides.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0])); break;
                case 'F': _dir = value.Trim('/'); break;
                case 'R' when _files.Count < PackageDatabaseLimits.MaxFilesPerPackage:
                    _files.Add(string.IsNullOrEmpty(_dir) ? value : _dir + "/" + value);
                    break;
                case 'R': _filesCut = true; break;
            }
        }

        public void Flush(List<ApkInstalledEntry> installed, List<string> problems)
        {
            if (StartLine == 0) return;
            if (string.IsNullOrEmpty(_name) || string.IsNullOrEmpty(_version))
                problems.Add($"line {StartLine}: record without {(string.IsNullOrEmpty(_name) ? "P (name)" : "V (version) for " + _name)}");
            else if (_filesCut)
                problems.Add($"line {StartLine}: {_name} lists more than {PackageDatabaseLimits.MaxFilesPerPackage} files; the rest are not listed");
            if (!string.IsNullOrEmpty(_name) && !string.IsNullOrEmpty(_version))
                installed.Add(new ApkInstalledEntry
                {
                    Name = _name,
                    Version = _version,
                    Architecture = _arch,
                    Origin = _origin,
                    License = _license,
                    Maintainer = _maintainer,
                    Depends = [.. _depends],
                    Provides = [.. _provides],
                    Files = [.. _files],
                });
            (_name, _version, _arch, _origin, _license, _maintainer, _dir, StartLine, _filesCut) = (null, null, null, null, null, null, null, 0, false);
            _depends.Clear();
            _provides.Clear();
            _files.Clear();
        }
    }
}
