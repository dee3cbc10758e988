using System.Text.Json.Serialization;

namespace Drydock.Images.Inspection;

/// <summary>Source-generated (AOT) JSON for <c>drydock inspect --format json</c>: indented, nulls kept, camelCase names as declared.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ImageInspection))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext;
