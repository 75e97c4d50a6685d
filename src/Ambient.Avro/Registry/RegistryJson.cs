using System.Text.Json.Serialization;

namespace Ambient.Avro.Registry;

/// <summary>Bodies of the Confluent Schema Registry REST API (https://docs.confluent.io/platform/current/schema-registry/develop/api.html).</summary>
internal static class RegistryJson
{
    public sealed record SchemaRequest([property: JsonPropertyName("schema")] string Schema);

    public sealed record IdResponse([property: JsonPropertyName("id")] int? Id);

    public sealed record SchemaResponse([property: JsonPropertyName("schema")] string? Schema);

    public sealed record CompatibilityResponse(
        [property: JsonPropertyName("is_compatible")] bool? IsCompatible,
        [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages);

    public sealed record ErrorResponse(
        [property: JsonPropertyName("error_code")] int? ErrorCode,
        [property: JsonPropertyName("message")] string? Message);
}
