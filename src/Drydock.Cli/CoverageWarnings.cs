using Drydock.Scanning;

namespace Drydock.Cli;

/// <summary>Says each coverage gap once on stderr, so a clean-looking report never hides what was not checked.</summary>
internal static class CoverageWarnings
{
    public static void Warn(ScanCoverage coverage, IProgressSink progress)
    {
        foreach (var gap in coverage.Gaps) progress.Warn("coverage gap: " + gap.Message);
    }
}
