using System.Globalization;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Database;

/// <summary>The <c>os_lifecycle.eol</c> column: <c>yyyy-MM-dd</c>, or <c>true</c>/<c>false</c> when no date is published.</summary>
internal static class LifecycleText
{
    public static string Eol(ReleaseLifecycle l) =>
        l.EndOfLife?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? (l.Ended ? "true" : "false");

    public static ReleaseLifecycle Parse(string release, string eol, string? releaseDate, string? latest, string source) =>
        new(release, Date(eol), eol == "true", source) { ReleaseDate = Date(releaseDate), Latest = latest };

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
