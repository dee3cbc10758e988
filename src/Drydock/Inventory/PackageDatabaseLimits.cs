namespace Drydock.Inventory;

/// <summary>
/// Bounds for parsing a package database or manifest found in an image (untrusted input; docs/limits.md, "Package
/// databases"). Past a bound the parser stops or skips with a warning that names the file and layer, so the scan goes
/// on and is marked partial; time stays linear in the file and memory bounded by these numbers, not by the file.
/// </summary>
internal static class PackageDatabaseLimits
{
    /// <summary>
    /// Largest dpkg database file read (<c>status</c>, <c>status.d/*</c>, <c>info/*.md5sums</c>, copyright files): real
    /// ones are 0.1–3 MB, so a file past this is refused unread (a coverage gap) rather than held in memory; the walk's
    /// generic 64 MiB per-file bound stays for executables read for build info.
    /// </summary>
    public const long MaxDpkgFileBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Largest apk <c>installed</c> database read: one text stanza per package with its file list, 0.1–5 MB in real
    /// images (a thousand packages), so past this it is refused unread (a coverage gap), as dpkg's status is.
    /// </summary>
    public const long MaxApkFileBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Largest rpm database file read (<c>rpmdb.sqlite</c>, Berkeley DB <c>Packages</c>, ndb <c>Packages.db</c>): binary
    /// headers with every file's name and digest, and free pages, so real ones run from 1–10 MB (a minimal UBI or
    /// Fedora image) to tens of MB (a thousand packages); past this it is refused unread (a coverage gap). Its own
    /// bound, not the walk's generic per-file bound, so raising that one for executables does not raise this one.
    /// </summary>
    public const long MaxRpmFileBytes = 64L * 1024 * 1024;

    /// <summary>Longest line of a text database (dpkg status, apk installed); a longer line is skipped.</summary>
    public const int MaxLineChars = 256 * 1024;

    /// <summary>Longest value of one field (a Description with its continuation lines); the rest is dropped.</summary>
    public const int MaxFieldChars = 1024 * 1024;

    /// <summary>Most packages read from one database file (real ones hold a few thousand); the rest are not read.</summary>
    public const int MaxPackages = 100_000;

    /// <summary>Most file lines kept per package (apk <c>R:</c>, dpkg md5sums); the rest are not listed.</summary>
    public const int MaxFilesPerPackage = 200_000;

    /// <summary>Most rows read from rpm's sqlite <c>Packages</c> table.</summary>
    public const int MaxRpmRows = MaxPackages;

    /// <summary>Most header bytes read from rpm's sqlite <c>Packages</c> table over all rows.</summary>
    public const long MaxRpmBlobBytes = 512L * 1024 * 1024;

    /// <summary>Longest one rpm header blob (real ones are a few hundred KiB).</summary>
    public const int MaxRpmBlobBytesEach = 16 * 1024 * 1024;

    /// <summary>
    /// Most header bytes copied out of a Berkeley DB or ndb rpm database, per byte of the file: each package's data
    /// sits in the file once, so more means items or slots share it (a crafted file copying one chain without end).
    /// </summary>
    public const long MaxBlobBytesPerFileByte = 2;

    /// <summary>Most problems kept per database file; the rest are counted in one last line.</summary>
    public const int MaxProblems = 100;

    /// <summary>SQLite virtual-machine steps allowed for the rpm query (a plain table scan needs a few per row).</summary>
    public const long MaxRpmSqliteSteps = 200_000_000;

    /// <summary>Wall time allowed for reading one rpm sqlite database.</summary>
    public static readonly TimeSpan MaxRpmSqliteTime = TimeSpan.FromSeconds(60);

    public static string Format(long n) => n >= 1024 * 1024 && n % (1024 * 1024) == 0 ? $"{n / (1024 * 1024)} MiB"
        : n >= 1024 && n % 1024 == 0 ? $"{n / 1024} KiB" : $"{n}";
}
