namespace Drydock.Tests.Vulnerabilities.Versions;

/// <summary>One row of a testdata/version-vectors TSV file, with its 1-based line number for failure messages.</summary>
internal sealed record VectorRow(int Line, string[] Fields)
{
    public string this[int i] => i < Fields.Length ? Fields[i] : "";

    public override string ToString() => $"line {Line}: {string.Join(" | ", Fields)}";
}

/// <summary>Reads the peer vector tables in ../shared/testdata/version-vectors (header line skipped).</summary>
internal static class VersionVectors
{
    public static IReadOnlyList<VectorRow> Read(string file)
    {
        var lines = File.ReadAllLines(SharedTestData.Path(Path.Combine("version-vectors", file)));
        var rows = new List<VectorRow>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            rows.Add(new VectorRow(i + 1, lines[i].Split('\t')));
        }
        return rows;
    }

    /// <summary>True when <paramref name="sign"/> satisfies the relation the row asserts (-1/0/1, or >=, <=, !=).</summary>
    public static bool Holds(string expected, int sign) => expected switch
    {
        "-1" => sign < 0,
        "0" => sign == 0,
        "1" => sign > 0,
        ">=" => sign >= 0,
        "<=" => sign <= 0,
        "!=" => sign != 0,
        _ => throw new InvalidOperationException("unknown expectation " + expected),
    };

    /// <summary>Runs <paramref name="check"/> on every row and fails once, listing every failing row.</summary>
    public static void AssertAll(IEnumerable<VectorRow> rows, Func<VectorRow, string?> check)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var row in rows)
        {
            count++;
            string? problem;
            try
            {
                problem = check(row);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                problem = e.GetType().Name + ": " + e.Message;
            }
            if (problem is not null) failures.Add($"{row} => {problem}");
        }
        Assert.True(count > 0, "no rows");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {count} rows fail:\n" + string.Join('\n', failures));
    }
}
