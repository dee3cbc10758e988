namespace Drydock.Reports;

/// <summary>
/// The SPDX license and exception ids (spdx.org/licenses) that reports write as ids. This is a curated subset — the
/// licenses package databases actually record — not the whole list: a license outside it is written as a name
/// (CycloneDX) or a <c>LicenseRef-</c> (SPDX), which is valid, never as an id a schema would reject. The
/// integration tests check every id here against the list in the official CycloneDX schema.
/// </summary>
internal static class SpdxLicenseIds
{
    public static readonly IReadOnlyList<string> Licenses =
    [
        "0BSD", "AFL-2.1", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0", "APSL-2.0",
        "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-2.0", "Beerware", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause",
        "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0", "bzip2-1.0.6", "CC-BY-3.0",
        "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "CPL-1.0", "curl", "ECL-2.0",
        "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "FTL", "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only",
        "GFDL-1.3-or-later", "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only",
        "GPL-3.0-or-later", "HPND", "ICU", "IJG", "ISC", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only",
        "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "Libpng", "libpng-2.0", "MIT", "MIT-0", "MPL-1.1",
        "MPL-2.0", "MS-PL", "MS-RL", "NCSA", "OFL-1.1", "OpenSSL", "PHP-3.01", "PostgreSQL", "PSF-2.0", "Python-2.0",
        "Ruby", "Sleepycat", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "UPL-1.0", "Vim", "W3C", "WTFPL", "X11",
        "Zlib", "ZPL-2.1",
    ];

    public static readonly IReadOnlyList<string> Exceptions =
    [
        "Autoconf-exception-3.0", "Bison-exception-2.2", "Classpath-exception-2.0", "Font-exception-2.0",
        "GCC-exception-3.1", "Linux-syscall-note", "LLVM-exception",
    ];

    /// <summary>
    /// Short names package databases use for the same licenses (Debian copyright files, Python classifiers, npm):
    /// mapped to the SPDX id they mean. Only unambiguous ones; "BSD" alone says too little and stays a name.
    /// </summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL-2"] = "GPL-2.0-only",
        ["GPL-2+"] = "GPL-2.0-or-later",
        ["GPL-3"] = "GPL-3.0-only",
        ["GPL-3+"] = "GPL-3.0-or-later",
        ["LGPL-2"] = "LGPL-2.0-only",
        ["LGPL-2+"] = "LGPL-2.0-or-later",
        ["LGPL-2.1"] = "LGPL-2.1-only",
        ["LGPL-2.1+"] = "LGPL-2.1-or-later",
        ["LGPL-3"] = "LGPL-3.0-only",
        ["LGPL-3+"] = "LGPL-3.0-or-later",
        ["Apache-2"] = "Apache-2.0",
        ["Apache 2.0"] = "Apache-2.0",
        ["Apache License 2.0"] = "Apache-2.0",
        ["MIT License"] = "MIT",
        ["Expat"] = "MIT",
    };

    private static readonly Dictionary<string, string> ById = Licenses.ToDictionary(l => l, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, string> ExceptionById = Exceptions.ToDictionary(l => l, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical id for <paramref name="text"/> (case-insensitive, aliases applied), or null.</summary>
    public static string? LicenseId(string text)
    {
        var t = text.Trim();
        if (ById.TryGetValue(t, out var id)) return id;
        return Aliases.GetValueOrDefault(t);
    }

    public static string? ExceptionId(string text) => ExceptionById.GetValueOrDefault(text.Trim());
}
