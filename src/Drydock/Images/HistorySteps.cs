namespace Drydock.Images;

/// <summary>
/// Maps config history onto layers. OCI image-spec config.md: history entries without <c>empty_layer</c> correspond,
/// in order, to <c>rootfs.diff_ids</c>. Images with fewer history entries than layers (hand-made ones) leave the rest
/// unmapped.
/// </summary>
public static class HistorySteps
{
    public static IReadOnlyList<HistoryStep> Map(ImageConfig config)
    {
        var steps = new List<HistoryStep>();
        var layer = 0;
        var layerCount = config.RootFs?.DiffIds.Count ?? 0;
        var history = config.History ?? [];
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            int? made = null;
            if (!h.EmptyLayer && layer < layerCount) made = layer++;
            steps.Add(new HistoryStep(i, h.CreatedBy ?? "", made, h.EmptyLayer));
        }
        return steps;
    }

    /// <summary>The instruction text of a step with the builder's shell prefix removed (<c>/bin/sh -c #(nop) </c>).</summary>
    public static string Instruction(string createdBy)
    {
        var s = createdBy.Trim();
        foreach (var prefix in (string[])["/bin/sh -c #(nop) ", "/bin/sh -c ", "|"])
        {
            if (prefix == "|" && s.StartsWith('|'))
            {
                // BuildKit writes "|N ARG=v … /bin/sh -c cmd" for RUN steps with build args.
                var sh = s.IndexOf("/bin/sh -c ", StringComparison.Ordinal);
                if (sh > 0) s = s[(sh + "/bin/sh -c ".Length)..];
            }
            else if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                s = s[prefix.Length..];
            }
        }
        return s.Trim();
    }

    /// <summary>The Dockerfile keyword a step came from (<c>RUN</c>, <c>ADD</c>, <c>COPY</c>, …); RUN for shell commands.</summary>
    public static string Keyword(string createdBy)
    {
        var raw = createdBy.TrimStart();
        var instruction = Instruction(createdBy);
        var first = instruction.Split(' ', 2)[0];
        if (raw.Contains("#(nop)", StringComparison.Ordinal) || IsKeyword(first)) return IsKeyword(first) ? first.ToUpperInvariant() : "RUN";
        return raw.StartsWith("/bin/sh -c", StringComparison.Ordinal) || raw.StartsWith('|') ? "RUN" : first.ToUpperInvariant();
    }

    private static bool IsKeyword(string word) => word.ToUpperInvariant() is "ADD" or "COPY" or "ENV" or "LABEL" or "USER" or "CMD"
        or "ENTRYPOINT" or "EXPOSE" or "WORKDIR" or "HEALTHCHECK" or "VOLUME" or "ARG" or "ONBUILD" or "STOPSIGNAL" or "SHELL" or "RUN" or "MAINTAINER";
}

/// <summary>One history step: its index, command, the layer it made (null for empty steps) .</summary>
public sealed record HistoryStep(int Index, string CreatedBy, int? LayerIndex, bool EmptyLayer)
{
    public string Keyword => HistorySteps.Keyword(CreatedBy);
    public string Instruction => HistorySteps.Instruction(CreatedBy);
}
