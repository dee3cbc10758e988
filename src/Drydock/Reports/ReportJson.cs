using System.Text.Encodings.Web;
using System.Text.Json;

namespace Drydock.Reports;

/// <summary>
/// The JSON writer settings of every JSON report: indented with two spaces and '\n' on every platform (byte-exact
/// golden files), and non-ASCII and HTML characters left readable — these files are data, never embedded in HTML.
/// </summary>
internal static class ReportJson
{
    public static Utf8JsonWriter Create(Stream output) => new(output, new JsonWriterOptions
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Flushes the writer and ends the file with a newline, as text tools expect.</summary>
    public static async Task FinishAsync(Utf8JsonWriter writer, Stream output, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken);
        output.WriteByte((byte)'\n');
        await output.FlushAsync(cancellationToken);
    }

    public static void WriteStringIfNotNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    public static void WriteStrings(this Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
