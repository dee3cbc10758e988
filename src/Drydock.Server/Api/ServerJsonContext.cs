using System.Text.Json.Serialization;
using Drydock.Server.Scanning;

namespace Drydock.Server.Api;

/// <summary>Source-generated JSON for every API body the server reads or writes (no reflection: trimming and NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScanSubmission))]
[JsonSerializable(typeof(ScanResource))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(AuditAccepted))]
[JsonSerializable(typeof(AffectedResponse))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(IReadOnlyList<StoredPackage>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
