namespace Drydock.Controls.Dockerfile;

/// <summary>One Dockerfile instruction: keyword (upper-case), its flags (<c>--platform=…</c>), its arguments with
/// line continuations joined, the line it starts on (1-based) and the build stage it belongs to (0-based).</summary>
public sealed record DockerfileInstruction(string Keyword, IReadOnlyList<string> Flags, string Arguments, int Line, int Stage);
