using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Drydock.Images.Inspection;

namespace Drydock.Reports;

/// <summary>Source-generated (AOT) JSON for <c>drydock inspect --format json</c>: indented, nulls kept, names as declared.</summary>
[JsonSerializable(typeof(ImageInspection))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext
{
    /// <summary>Indented, and without escaping '+', '&lt;' or quotes in media types and shell commands (output is not HTML).</summary>
    public static InspectionJsonContext Report { get; } = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });

    /// <summary>The JSON document of one inspection (docs/report-schema.md, "inspect").</summary>
    public static string Serialize(ImageInspection inspection) => JsonSerializer.Serialize(inspection, Report.ImageInspection);

    /// <summary>
    /// Writes the document and a newline to <paramref name="output"/> as it is made, so a file list of millions of
    /// entries is never one string (the serializer flushes every few KB; the list is enumerated once).
    /// </summary>
    public static async Task WriteAsync(ImageInspection inspection, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using (var stream = new TextWriterStream(output))
            await JsonSerializer.SerializeAsync(stream, inspection, Report.ImageInspection, cancellationToken);
        await output.WriteLineAsync();
    }
}
