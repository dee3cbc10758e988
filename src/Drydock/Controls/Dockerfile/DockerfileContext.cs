using Drydock.Policy;

namespace Drydock.Controls.Dockerfile;

/// <summary>
/// What a control's Dockerfile check sees: every instruction, the policy, and the final stage with the stages it is
/// built FROM (<c>FROM &lt;stage name&gt;</c>), so an inherited USER or HEALTHCHECK counts.
/// </summary>
public sealed class DockerfileContext
{
    public DockerfileContext(IReadOnlyList<DockerfileInstruction> instructions, DrydockPolicy policy)
    {
        Instructions = instructions ?? throw new ArgumentNullException(nameof(instructions));
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        FinalChain = StageChain(instructions, instructions.Count == 0 ? 0 : instructions.Max(i => i.Stage));
        FinalStage = instructions.Where(i => FinalChain.Contains(i.Stage)).ToList();
        Runs = instructions.Where(i => i.Keyword == "RUN").ToList();
    }

    public IReadOnlyList<DockerfileInstruction> Instructions { get; }

    public DrydockPolicy Policy { get; }

    /// <summary>The final stage and its ancestors by stage name.</summary>
    public IReadOnlySet<int> FinalChain { get; }

    /// <summary>The instructions of <see cref="FinalChain"/>, in file order.</summary>
    public IReadOnlyList<DockerfileInstruction> FinalStage { get; }

    /// <summary>Every RUN instruction of every stage, in file order.</summary>
    public IReadOnlyList<DockerfileInstruction> Runs { get; }

    /// <summary>The name a FROM gives its stage (<c>FROM image AS name</c>), or null.</summary>
    public static string? StageName(DockerfileInstruction from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var parts = from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[^1] : null;
    }

    /// <summary>The image (or stage) a FROM builds on: its first argument.</summary>
    public static string BaseOf(DockerfileInstruction from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return from.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
    }

    /// <summary>Evidence at an instruction's lines.</summary>
    public static Evidence At(DockerfileInstruction instruction, string message)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return new() { Message = message, Line = instruction.Line, EndLine = instruction.EndLine > instruction.Line ? instruction.EndLine : null };
    }

    private static HashSet<int> StageChain(IReadOnlyList<DockerfileInstruction> df, int stage)
    {
        var names = df.Where(i => i.Keyword == "FROM").Select(i => (i.Stage, Name: StageName(i))).Where(x => x.Name is not null).ToDictionary(x => x.Name!, x => x.Stage, StringComparer.OrdinalIgnoreCase);
        var chain = new HashSet<int>();
        while (chain.Add(stage))
        {
            var from = df.FirstOrDefault(i => i.Keyword == "FROM" && i.Stage == stage);
            if (from is null || !names.TryGetValue(BaseOf(from), out var parent)) break;
            stage = parent;
        }
        return chain;
    }
}
