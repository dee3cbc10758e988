using Drydock.Model;
using Drydock.Vulnerabilities;

namespace Drydock.Controls;

/// <summary>
/// CIS 4.1 "Ensure that a user for the container has been created": the effective user must not be root. Root is
/// an empty user, <c>root</c>, uid <c>0</c> (with any group), or a name that etc/passwd maps to uid 0.
/// </summary>
internal sealed class Cis41NonRootUserControl : IControl
{
    public string Id => "CIS-4.1";

    public string Title => "Run as a non-root user";

    public bool Wants(string path, long size, int mode) => path == "etc/passwd";

    public ControlResult Evaluate(ControlContext context)
    {
        var user = context.Config.Config?.User?.Trim() ?? "";
        var name = user.Split(':', 2)[0];
        var step = context.History.LastOrDefault(h => h.Keyword == "USER");
        var evidence = new Evidence
        {
            Message = user.Length == 0 ? "no USER is set, so the container runs as root" : $"USER {user}",
            HistoryIndex = step?.Index,
            LayerIndex = step?.LayerIndex,
        };
        if (name.Length == 0 || name == "root" || name == "0")
            return ControlResults.Fail(this, context, Severity.High, user.Length == 0 ? "The image sets no USER: it runs as root." : $"The image runs as root ({user}).", [evidence]);

        if (!int.TryParse(name, out _) && PasswdUid(context, name) is { } uid)
        {
            if (uid == 0)
                return ControlResults.Fail(this, context, Severity.High, $"User '{name}' has uid 0 in etc/passwd: the image runs as root.", [evidence with { Path = "etc/passwd" }]);
            return ControlResults.Pass(this, context, Severity.High, $"The image runs as '{name}' (uid {uid}).");
        }
        return ControlResults.Pass(this, context, Severity.High, $"The image runs as '{user}'.");
    }

    private static int? PasswdUid(ControlContext context, string name)
    {
        if (!context.FileSystem.HasContent("etc/passwd")) return null;
        using var reader = new StreamReader(context.FileSystem.OpenRead("etc/passwd"));
        while (reader.ReadLine() is { } line)
        {
            // passwd(5): name:password:UID:GID:GECOS:directory:shell
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name && int.TryParse(fields[2], out var uid)) return uid;
        }
        return null;
    }
}
