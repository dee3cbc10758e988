namespace Drydock.Controls.Dockerfile;

/// <summary>One Dockerfile instruction: keyword (upper-case), its flags (<c>--platform=…</c>), its arguments with
/// line continuations joined, the line it starts on (1-based) and the build stage it belongs to (0-based).</summary>
public sealed record DockerfileInstruction(string Keyword, IReadOnlyList<string> Flags, string Arguments, int Line, int Stage)
{
    /// <summary>The last line of the instruction (continuations and heredocs included); <see cref="Line"/> for a single line.</summary>
    public int EndLine { get; init; } = Line;
}
