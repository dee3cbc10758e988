namespace Drydock;

/// <summary>The documented exit codes. The failed-gate code is the user's <c>--exit-code</c> value.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int UsageError = 2;
    public const int RuntimeError = 3;

    /// <summary><c>db update</c> wrote the database, but some feeds failed and kept their previous data (stale).</summary>
    public const int PartialUpdate = 4;
}
