using System.Text.RegularExpressions;

namespace Drydock.Controls.Secrets;

/// <summary>A secret format: a stable id, a title, and the pattern whose group "secret" (or whole match) is the value.</summary>
public sealed record SecretRule(string Id, string Title, Regex Pattern);
