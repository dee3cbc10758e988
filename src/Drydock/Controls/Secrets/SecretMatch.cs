namespace Drydock.Controls.Secrets;

/// <summary>A secret found somewhere; <see cref="Masked"/> is the only form of the value that may leave the scanner.</summary>
public sealed record SecretMatch(string RuleId, string Title, string Masked, int Line);
