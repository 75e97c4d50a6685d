using Avro;

namespace Ambient.Avro.Schemas;

/// <summary>A released version of a schema, kept in <c>schemas/history/</c> so changes can be checked against it.</summary>
/// <param name="Name">The record name, e.g. <c>ActionRecord</c>.</param>
/// <param name="Version">The release number, from 1.</param>
/// <param name="Schema">The schema as released.</param>
public sealed record ReleasedSchema(string Name, int Version, RecordSchema Schema);
