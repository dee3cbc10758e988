namespace Drydock.Testing;

/// <summary>
/// Locates the peer test data (../shared/testdata beside the repository, or $DRYDOCK_SHARED_DIR/testdata).
/// A user's clone has no such folder: tests that need it use <see cref="SharedDataFactAttribute"/> or
/// <see cref="SharedDataTheoryAttribute"/>, which skip with a clear message when it is absent.
/// </summary>
public static class SharedTestData
{
    public static string? Root { get; } = Find();

    public static bool Available => Root is not null;

    /// <summary>Full path of <paramref name="relative"/> under testdata.</summary>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("shared testdata is not available"), relative);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("DRYDOCK_SHARED_DIR");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(System.IO.Path.Combine(env, "testdata")))
            return System.IO.Path.Combine(env, "testdata");
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepositoryRoot(), "..", "shared", "testdata"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Drydock.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Drydock.slnx)");
    }
}

/// <summary>
/// A fact that needs ../shared/testdata: skipped with a clear reason when that folder is absent (a user's clone).
/// </summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedTestData.Available) Skip = "needs ../shared/testdata (peer conformance data), which is not beside this clone";
    }
}

/// <summary>The theory form of <see cref="SharedDataFactAttribute"/>.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedTestData.Available) Skip = "needs ../shared/testdata (peer conformance data), which is not beside this clone";
    }
}
