namespace Ambient.Avro.Registry;

/// <summary>The registry's verdict on a schema against a subject's latest version.</summary>
/// <param name="IsCompatible">True when the subject's compatibility rule allows the schema.</param>
/// <param name="Messages">
/// Why not, as the registry says it. Empty since Confluent's client became the transport: it asks for a yes or no;
/// <c>SchemaCompatibility</c> names the fields at fault.
/// </param>
public sealed record RegistryCompatibility(bool IsCompatible, IReadOnlyList<string> Messages);
