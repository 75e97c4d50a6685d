using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Ambient.Avro.Registry;
using Avro;

namespace Ambient.Avro.Wire;

/// <summary>
/// Writes the configured format; reads both, so consumers keep working while producers move from one format
/// to the other. Confluent-framed records need a registry; single-object ones need the schema in the store.
/// </summary>
internal sealed class AvroFraming(AvroSchemaStore store, SchemaRegistryClient? registry, bool autoRegister = true) : IAvroFraming
{
    private const byte ConfluentMagic = 0;
    private const int ConfluentHeaderLength = 5;
    private const int SingleObjectHeaderLength = 10;
    private static readonly byte[] s_singleObjectMarker = [0xC3, 0x01];

    // Registry ids never change: after the first record of a schema, writing needs no registry call nor schema text.
    private readonly ConditionalWeakTable<Schema, byte[]> _confluentHeaders = [];

    // A schema's single-object header never changes either: built (and the schema stored) once, not per record.
    private readonly ConditionalWeakTable<Schema, byte[]> _singleObjectHeaders = [];

    public AvroWireFormat WriteFormat => registry is null ? AvroWireFormat.SingleObject : AvroWireFormat.Confluent;

    public async ValueTask<byte[]> HeaderForAsync(Schema writerSchema, CancellationToken cancellationToken = default)
    {
        if (registry is null)
        {
            return _singleObjectHeaders.GetValue(writerSchema, schema =>
            {
                var header = new byte[SingleObjectHeaderLength];
                s_singleObjectMarker.CopyTo(header, 0);
                // Remember the schema so this process can read what it wrote.
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(2), store.Add(schema));
                return header;
            });
        }

        if (_confluentHeaders.TryGetValue(writerSchema, out var known))
        {
            return known;
        }

        // Subjects follow the record name strategy: one subject per record type, whatever topic carries it.
        var subject = SubjectFor(writerSchema);
        var id = autoRegister
            ? await registry.RegisterAsync(subject, writerSchema, cancellationToken).ConfigureAwait(false)
            : await registry.LookupAsync(subject, writerSchema, cancellationToken).ConfigureAwait(false);
        var confluent = new byte[ConfluentHeaderLength];
        confluent[0] = ConfluentMagic;
        BinaryPrimitives.WriteInt32BigEndian(confluent.AsSpan(1), id);
        _confluentHeaders.AddOrUpdate(writerSchema, confluent);
        return confluent;
    }

    public ValueTask<FramedRecord> ReadHeaderAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var bytes = record.Span;
        if (bytes.IsEmpty)
        {
            throw new AvroSerializationException(AvroErrorKind.Truncated, "The record is empty: there is no Avro header.");
        }

        if (bytes[0] == ConfluentMagic)
        {
            return ReadConfluentAsync(record, cancellationToken);
        }

        if (bytes.Length >= 2 && bytes[..2].SequenceEqual(s_singleObjectMarker))
        {
            return ValueTask.FromResult(ReadSingleObject(bytes));
        }

        if (bytes.Length == 1 && bytes[0] == s_singleObjectMarker[0])
        {
            throw Truncated("single-object", SingleObjectHeaderLength, bytes.Length);
        }

        throw new AvroSerializationException(
            AvroErrorKind.UnknownFormat,
            $"The record starts with 0x{Convert.ToHexString(bytes[..Math.Min(2, bytes.Length)])}: neither the Confluent magic byte 0x00 " +
            "nor the Avro single-object marker 0xC301, so it is not an Avro record Ambient can read.");
    }

    public static string SubjectFor(Schema schema) => schema.Fullname;

    private FramedRecord ReadSingleObject(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < SingleObjectHeaderLength)
        {
            throw Truncated("single-object", SingleObjectHeaderLength, bytes.Length);
        }

        var fingerprint = BinaryPrimitives.ReadInt64LittleEndian(bytes[2..SingleObjectHeaderLength]);
        if (!store.TryGet(fingerprint, out var schema))
        {
            throw new AvroSerializationException(
                AvroErrorKind.UnknownFingerprint,
                $"The record was written with a schema whose CRC-64-AVRO fingerprint is 0x{(ulong)fingerprint:X16}, which this process does not know " +
                "(it knows the schemas in schemas/ and schemas/history/ and those it wrote); was it written with a newer schema not yet released here?");
        }

        return new FramedRecord(schema, SingleObjectHeaderLength);
    }

    private async ValueTask<FramedRecord> ReadConfluentAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        if (record.Length < ConfluentHeaderLength)
        {
            throw Truncated("Confluent", ConfluentHeaderLength, record.Length);
        }

        var id = BinaryPrimitives.ReadInt32BigEndian(record.Span[1..ConfluentHeaderLength]);
        if (registry is null)
        {
            throw new AvroSerializationException(
                AvroErrorKind.UnknownSchemaId,
                $"The record is in the Confluent wire format (schema id {id}), but no Schema Registry is configured (Ambient:SchemaRegistry:Url) to look the id up.");
        }

        try
        {
            return new FramedRecord(await registry.GetSchemaAsync(id, cancellationToken).ConfigureAwait(false), ConfluentHeaderLength);
        }
        catch (SchemaRegistryException e) when (e.IsNotFound)
        {
            throw new AvroSerializationException(
                AvroErrorKind.UnknownSchemaId, $"The record names schema id {id}, which the Schema Registry at {registry.BaseAddress} does not have.", e);
        }
    }

    private static AvroSerializationException Truncated(string format, int needed, int got) =>
        new(AvroErrorKind.Truncated, $"The record is truncated: the {format} header needs {needed} bytes, the record has {got}.");
}
