using System.Globalization;
using System.Text.Json;
using Drydock.Vulnerabilities;

namespace Drydock.Reports;

/// <summary>
/// The CycloneDX 1.6 <c>vulnerability.analysis</c> of a suppressed finding. A VEX <c>not_affected</c> statement is
/// state <c>not_affected</c> with its OpenVEX justification mapped to CycloneDX's (the CISA VEX mapping), VEX
/// <c>fixed</c> is <c>resolved</c>; a waiver is an accepted risk: <c>exploitable</c> with response
/// <c>will_not_fix</c>; a baseline entry or a finding in its grace period is <c>in_triage</c>. Findings the gate
/// counts get no analysis: nothing is invented.
/// </summary>
internal static class CycloneDxAnalysis
{
    private static readonly Dictionary<string, string> Justifications = new(StringComparer.Ordinal)
    {
        ["component_not_present"] = "code_not_present",
        ["vulnerable_code_not_present"] = "code_not_present",
        ["vulnerable_code_not_in_execute_path"] = "code_not_reachable",
        ["vulnerable_code_cannot_be_controlled_by_adversary"] = "requires_environment",
        ["inline_mitigations_already_exist"] = "protected_by_mitigating_control",
    };

    public static void Write(Utf8JsonWriter w, Suppression? suppression)
    {
        if (suppression is null) return;
        var (state, response) = suppression.Kind switch
        {
            "vex" when suppression.Justification == "fixed" => ("resolved", null),
            "vex" => ("not_affected", null),
            "waiver" => ("exploitable", "will_not_fix"),
            _ => ("in_triage", (string?)null),
        };
        w.WriteStartObject("analysis");
        w.WriteString("state", state);
        if (suppression.Kind == "vex" && suppression.Justification is { } j && Justifications.TryGetValue(j, out var mapped))
            w.WriteString("justification", mapped);
        if (response is not null) w.WriteStrings("response", [response]);
        w.WriteString("detail", Detail(suppression));
        w.WriteEndObject();
    }

    /// <summary><c>waiver: reason (owner o, expires 2026-12-31)</c>.</summary>
    internal static string Detail(Suppression s)
    {
        var extra = new List<string>();
        if (s.Owner is not null) extra.Add("owner " + s.Owner);
        if (s.Expires is { } e) extra.Add("expires " + e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return $"{s.Kind}: {s.Reason}" + (extra.Count > 0 ? $" ({string.Join(", ", extra)})" : "");
    }
}
