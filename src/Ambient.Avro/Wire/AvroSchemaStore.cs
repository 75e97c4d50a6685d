using System.Collections.Concurrent;
using Ambient.Avro.Schemas;
using Avro;

namespace Ambient.Avro.Wire;

/// <summary>
/// The schemas a single-object reader can resolve by fingerprint: every current and released Ambient schema,
/// plus any schema this process wrote or was given.
/// </summary>
public sealed class AvroSchemaStore
{
    private readonly ConcurrentDictionary<long, Schema> _byFingerprint = new();

    /// <summary>A store holding every schema of <c>schemas/</c> and <c>schemas/history/</c>.</summary>
    public AvroSchemaStore()
    {
        foreach (var schema in AmbientSchemas.Current.Values)
        {
            Add(schema);
        }

        foreach (var released in AmbientSchemas.History)
        {
            Add(released.Schema);
        }
    }

    /// <summary>Makes <paramref name="schema"/> readable by fingerprint; returns its fingerprint.</summary>
    public long Add(Schema schema)
    {
        var fingerprint = SchemaFingerprint.Of(schema);
        _byFingerprint.TryAdd(fingerprint, schema);
        return fingerprint;
    }

    /// <summary>The schema with <paramref name="fingerprint"/>, when known.</summary>
    public bool TryGet(long fingerprint, out Schema schema) => _byFingerprint.TryGetValue(fingerprint, out schema!);
}
