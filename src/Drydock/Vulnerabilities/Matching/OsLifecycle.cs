using Drydock.Inventory;
using Drydock.Vulnerabilities.Feeds;

namespace Drydock.Vulnerabilities.Matching;

/// <summary>
/// End of security support per OS release, so an image on a dead release is reported as such (unfixed issues stop
/// being published for it, and it would otherwise look clean). The dates come from the database's <c>os_lifecycle</c>
/// table (the <c>endoflife</c> feed, endoflife.date's data, refreshed by <c>db update</c>) when it has the release, else
/// from the built-in table below: the end of the vendor's free security support as listed by https://endoflife.date
/// (debian: LTS end; ubuntu: standard support; alpine: branch end; RHEL and rebuilds: end of maintenance support; SLES:
/// general support; Amazon Linux, Fedora, openSUSE Leap, Azure Linux: end of life), checked 2026-12. Releases are keyed
/// by <see cref="LifecycleFamilies.Key"/>; rolling families have no end of life.
/// </summary>
public static class OsLifecycle
{
    internal static readonly IReadOnlyDictionary<string, DateOnly> BuiltIn = new Dictionary<string, DateOnly>(StringComparer.Ordinal)
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
        ["alpine:3.23"] = new(2027, 11, 1),
        ["amazon:2018"] = new(2023, 12, 31), // Amazon Linux AMI 2018.03 (VERSION_ID 2018.03)
        ["amazon:2"] = new(2026, 6, 30),
        ["amazon:2023"] = new(2029, 6, 30),
        ["azurelinux:3"] = new(2027, 8, 31),
        ["cbl-mariner:1"] = new(2023, 8, 31),
        ["cbl-mariner:2"] = new(2025, 7, 31),
        ["centos-stream:8"] = new(2024, 5, 31),
        ["centos-stream:9"] = new(2027, 5, 31),
        ["fedora:35"] = new(2022, 12, 13),
        ["fedora:36"] = new(2023, 5, 16),
        ["fedora:37"] = new(2023, 12, 5),
        ["fedora:38"] = new(2024, 5, 21),
        ["fedora:39"] = new(2024, 11, 26),
        ["fedora:40"] = new(2025, 5, 13),
        ["fedora:41"] = new(2025, 12, 15),
        ["fedora:42"] = new(2026, 5, 13),
        ["fedora:43"] = new(2026, 12, 9),
        ["sles:12.3"] = new(2019, 6, 30),
        ["sles:12.4"] = new(2020, 6, 30),
        ["sles:12.5"] = new(2024, 10, 31),
        ["sles:15.1"] = new(2021, 1, 31),
        ["sles:15.2"] = new(2021, 12, 31),
        ["sles:15.3"] = new(2022, 12, 31),
        ["sles:15.4"] = new(2023, 12, 31),
        ["sles:15.5"] = new(2024, 12, 31),
        ["sles:15.6"] = new(2025, 12, 31),
        ["sles:15.7"] = new(2031, 7, 31),
        ["opensuse-leap:15.0"] = new(2019, 12, 3),
        ["opensuse-leap:15.1"] = new(2021, 2, 2),
        ["opensuse-leap:15.2"] = new(2022, 1, 4),
        ["opensuse-leap:15.3"] = new(2022, 12, 31),
        ["opensuse-leap:15.4"] = new(2023, 12, 7),
        ["opensuse-leap:15.5"] = new(2024, 12, 31),
        ["opensuse-leap:15.6"] = new(2026, 4, 30),
        ["opensuse-leap:16.0"] = new(2027, 10, 31),
        ["photon:3.0"] = new(2024, 3, 1),
        ["redhat:6"] = new(2020, 11, 30),
        ["redhat:7"] = new(2024, 6, 30),
        ["redhat:8"] = new(2029, 5, 31),
        ["redhat:9"] = new(2032, 5, 31),
        ["redhat:10"] = new(2035, 5, 31),
        ["centos:6"] = new(2020, 11, 30),
        ["centos:7"] = new(2024, 6, 30),
        ["centos:8"] = new(2021, 12, 31),
        ["rocky:8"] = new(2029, 5, 31),
        ["rocky:9"] = new(2032, 5, 31),
        ["rocky:10"] = new(2035, 5, 31),
        ["alma:8"] = new(2029, 5, 31),
        ["alma:9"] = new(2032, 5, 31),
        ["alma:10"] = new(2035, 5, 31),
        ["oracle:6"] = new(2021, 3, 1),
        ["oracle:7"] = new(2024, 12, 31),
        ["oracle:8"] = new(2029, 7, 31),
        ["oracle:9"] = new(2032, 6, 30),
    };

    /// <summary>The release's lifecycle: the source's entry when it has one, else the built-in date; null when unknown (rolling distributions, unlisted releases).</summary>
    public static ReleaseLifecycle? Find(OsInfo os, IReleaseLifecycleSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(os);
        if (LifecycleFamilies.Key(os) is not { } key) return null;
        return source?.FindLifecycle(key) ?? (BuiltIn.TryGetValue(key, out var d) ? new ReleaseLifecycle(key, d, false, "built-in") : null);
    }

    /// <summary>The end-of-life date of the release, or null when unknown (rolling distributions, unlisted releases, no published date).</summary>
    public static DateOnly? EndOfLifeDate(OsInfo os, IReleaseLifecycleSource? source = null) => Find(os, source)?.EndOfLife;

    /// <summary>True when the release's security support ended before today (per <paramref name="time"/>).</summary>
    public static bool IsEndOfLife(OsInfo os, TimeProvider time, IReleaseLifecycleSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Find(os, source) is { } lifecycle && lifecycle.IsOver(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
    }
}
