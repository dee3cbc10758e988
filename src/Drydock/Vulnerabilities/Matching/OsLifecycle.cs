using Drydock.Inventory;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// End of security support per OS release, so an image on a dead release is reported as such (unfixed issues stop
/// being published for it, and it would otherwise look clean). Dates are the end of the vendor's free security
/// support as listed by https://endoflife.date (debian: LTS end; ubuntu: standard support; alpine: branch end;
/// RHEL and rebuilds: end of maintenance support), checked 2026-11.
/// </summary>
public static class OsLifecycle
{
    private static readonly Dictionary<string, DateOnly> EndOfLife = new(StringComparer.Ordinal)
    {
        ["debian:7"] = new(2018, 5, 31),
        ["debian:8"] = new(2020, 6, 30),
        ["debian:9"] = new(2022, 6, 30),
        ["debian:10"] = new(2024, 6, 30),
        ["debian:11"] = new(2026, 8, 31),
        ["debian:12"] = new(2028, 6, 30),
        ["debian:13"] = new(2030, 6, 30),
        ["ubuntu:14.04"] = new(2019, 4, 30),
        ["ubuntu:16.04"] = new(2021, 4, 30),
        ["ubuntu:18.04"] = new(2023, 5, 31),
        ["ubuntu:20.04"] = new(2025, 5, 31),
        ["ubuntu:22.04"] = new(2027, 6, 1),
        ["ubuntu:24.04"] = new(2029, 5, 31),
        ["ubuntu:23.04"] = new(2024, 1, 25),
        ["ubuntu:23.10"] = new(2024, 7, 11),
        ["ubuntu:24.10"] = new(2025, 7, 10),
        ["ubuntu:25.04"] = new(2026, 1, 15),
        ["alpine:3.3"] = new(2017, 11, 1),
        ["alpine:3.4"] = new(2018, 5, 1),
        ["alpine:3.5"] = new(2018, 11, 1),
        ["alpine:3.6"] = new(2019, 5, 1),
        ["alpine:3.7"] = new(2019, 11, 1),
        ["alpine:3.8"] = new(2020, 5, 1),
        ["alpine:3.9"] = new(2020, 11, 1),
        ["alpine:3.10"] = new(2021, 5, 1),
        ["alpine:3.11"] = new(2021, 11, 1),
        ["alpine:3.12"] = new(2022, 5, 1),
        ["alpine:3.13"] = new(2022, 11, 1),
        ["alpine:3.14"] = new(2023, 5, 1),
        ["alpine:3.15"] = new(2023, 11, 1),
        ["alpine:3.16"] = new(2024, 5, 23),
        ["alpine:3.17"] = new(2024, 11, 22),
        ["alpine:3.18"] = new(2025, 5, 9),
        ["alpine:3.19"] = new(2025, 11, 1),
        ["alpine:3.20"] = new(2026, 4, 1),
        ["alpine:3.21"] = new(2026, 11, 1),
        ["alpine:3.22"] = new(2027, 5, 1),
        ["redhat:6"] = new(2020, 11, 30),
        ["redhat:7"] = new(2024, 6, 30),
        ["redhat:8"] = new(2029, 5, 31),
        ["redhat:9"] = new(2032, 5, 31),
        ["centos:6"] = new(2020, 11, 30),
        ["centos:7"] = new(2024, 6, 30),
        ["centos:8"] = new(2021, 12, 31),
        ["rocky:8"] = new(2029, 5, 31),
        ["rocky:9"] = new(2032, 5, 31),
        ["alma:8"] = new(2029, 5, 31),
        ["alma:9"] = new(2032, 5, 31),
        ["oracle:6"] = new(2021, 3, 1),
        ["oracle:7"] = new(2024, 12, 31),
        ["oracle:8"] = new(2029, 7, 31),
        ["oracle:9"] = new(2032, 6, 30),
    };

    /// <summary>The end-of-life date of the release, or null when unknown (rolling distributions, unlisted releases).</summary>
    public static DateOnly? EndOfLifeDate(OsInfo os) =>
        AdvisoryNamespaces.ForOs(os ?? throw new ArgumentNullException(nameof(os))) is { } ns && EndOfLife.TryGetValue(ns, out var d) ? d : null;

    /// <summary>True when the release's security support ended before today (per <paramref name="time"/>).</summary>
    public static bool IsEndOfLife(OsInfo os, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return EndOfLifeDate(os) is { } eol && DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) > eol;
    }
}
