using Ambient.Abstractions.Serialization;
using Ambient.Avro.Mapping;
using Ambient.Avro.Schemas;
using Ambient.Avro.Wire;
using Avro;
using Avro.Generic;

namespace Ambient.Avro.Serialization;

/// <summary>
/// Encodes <typeparamref name="T"/> as a framed Avro record and decodes framed records written with any
/// compatible version of its schema. Thread-safe; one per type per process.
/// </summary>
/// <typeparam name="T">The C# type, mapped by <see cref="IAvroRecordMapper{T}"/>.</typeparam>
/// <param name="mapper">Maps values to and from Avro records.</param>
/// <param name="framing">The wire format (from <c>AddAmbientAvro</c>: Confluent with a registry, single-object without).</param>
public sealed class AvroRecordCodec<T>(IAvroRecordMapper<T> mapper, IAvroFraming framing) : IRecordCodec<T>
{
    /// <summary>The <c>content-type</c> header of framed Avro records.</summary>
    public const string AvroContentType = "avro/binary";

    [ThreadStatic]
    private static MemoryStream? t_buffer;

    [ThreadStatic]
    private static AvroBinaryWriter? t_writer;

    // The mapper's direct writer, when it was written for the schema the mapper has (else the generic path).
    private readonly IAvroDirectWriter<T>? _direct = mapper is IAvroDirectWriter<T> direct && direct.DirectWriterFingerprint == SchemaFingerprint.Of(mapper.Schema)
        ? direct
        : null;

    /// <inheritdoc/>
    public string ContentType => AvroContentType;

    /// <summary>The format this codec writes.</summary>
    public AvroWireFormat WireFormat => framing.WriteFormat;

    /// <summary>The schema values are read as.</summary>
    public RecordSchema Schema => mapper.Schema;

    /// <summary>The framed Avro bytes of <paramref name="value"/>.</summary>
    /// <exception cref="AvroSerializationException">The value does not fit its schema.</exception>
    /// <exception cref="Registry.SchemaRegistryException">The schema could not be registered.</exception>
    public async ValueTask<byte[]> EncodeAsync(T value, CancellationToken cancellationToken = default)
    {
        if (_direct is not null)
        {
            ArgumentNullException.ThrowIfNull(value);
            return EncodeDirect(await framing.HeaderForAsync(mapper.Schema, cancellationToken).ConfigureAwait(false), _direct, value);
        }

        var record = mapper.ToAvro(value);
        var header = await framing.HeaderForAsync(record.Schema, cancellationToken).ConfigureAwait(false);
        return Encode(header, record);
    }

    // A per-thread buffer grown past this by a rare large record is dropped rather than kept.
    private const int KeptBufferBytes = 1024 * 1024;

    // One buffer per thread, reused: encoding is synchronous from here on, and a growing MemoryStream per record
    // copied each record several times.
    private static byte[] Encode(ReadOnlySpan<byte> header, GenericRecord record)
    {
        var output = t_buffer ??= new MemoryStream(4096);
        output.SetLength(0);
        output.Write(header);
        AvroBody.Write(record.Schema, record, output);
        var bytes = output.ToArray();
        if (output.Capacity > KeptBufferBytes)
        {
            t_buffer = null;
        }

        return bytes;
    }

    private static byte[] EncodeDirect(ReadOnlySpan<byte> header, IAvroDirectWriter<T> direct, T value)
    {
        var writer = t_writer ??= new AvroBinaryWriter();
        writer.Reset();
        writer.WriteRaw(header);
        try
        {
            direct.Write(value, writer);
        }
        catch (Exception e) when (e is (InvalidOperationException or ArgumentException) and not AvroSerializationException)
        {
            throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"The value does not fit schema {direct.Schema.Fullname}: {e.Message}", e);
        }

        var bytes = writer.ToArray();
        if (writer.Capacity > KeptBufferBytes)
        {
            t_writer = null;
        }

        return bytes;
    }

    /// <summary>True when values are written by the mapper's direct writer rather than through a generic record.</summary>
    public bool WritesDirectly => _direct is not null;

    /// <inheritdoc cref="EncodeAsync"/>
    /// <remarks>With a registry, the first record of a schema waits for its registration; later ones do no I/O.</remarks>
    public byte[] Encode(T value) => Wait(EncodeAsync(value));

    /// <summary>The value of framed Avro bytes, resolved from the writer's schema to <see cref="Schema"/>.</summary>
    /// <exception cref="AvroSerializationException">The bytes are truncated, corrupt, of an unknown format or schema, or not resolvable to <see cref="Schema"/>.</exception>
    /// <exception cref="Registry.SchemaRegistryException">The registry could not be asked for the writer's schema.</exception>
    public async ValueTask<T> DecodeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var framed = await framing.ReadHeaderAsync(bytes, cancellationToken).ConfigureAwait(false);
        var datum = AvroBody.Read(framed.WriterSchema, mapper.Schema, bytes[framed.BodyOffset..]);
        return mapper.FromAvro(datum as GenericRecord
            ?? throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"The record's writer schema {framed.WriterSchema.Fullname} is not a record."));
    }

    /// <inheritdoc cref="DecodeAsync"/>
    /// <remarks>With a registry, the first record of an unseen schema id waits for the registry; later ones do no I/O.</remarks>
    public T Decode(ReadOnlySpan<byte> bytes) => Wait(DecodeAsync(bytes.ToArray()));

    // Completes synchronously except on a registry cache miss, the one time per schema blocking is accepted.
    private static TResult Wait<TResult>(ValueTask<TResult> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
