using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ambient.Avro.Compatibility;
using Ambient.Avro.Schemas;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Ambient.Avro.Wire;

/// <summary>Avro binary bodies of generic datums, with writer → reader schema resolution and clear errors.</summary>
internal static class AvroBody
{
    // Datum readers resolve writer against reader once, when built: worth caching per pair of schemas. The reader
    // is keyed by instance, not fingerprint: the canonical form drops defaults and aliases, which resolution uses.
    private static readonly ConcurrentDictionary<(long Writer, Schema Reader), GenericDatumReader<object>> s_readers = new(new WriterReaderComparer());
    private static readonly ConcurrentDictionary<long, GenericDatumWriter<object>> s_writers = new();

    public static void Write(Schema schema, object datum, Stream output)
    {
        var writer = s_writers.GetOrAdd(SchemaFingerprint.Of(schema), _ => new GenericDatumWriter<object>(schema));
        try
        {
            writer.Write(datum, new BinaryEncoder(output));
        }
        catch (Exception e) when (e is AvroException or InvalidCastException or NullReferenceException or ArgumentException)
        {
            throw new AvroSerializationException(AvroErrorKind.SchemaMismatch, $"The value does not fit schema {schema.Fullname}: {e.Message}", e);
        }
    }

    public static object Read(Schema writerSchema, Schema readerSchema, ReadOnlyMemory<byte> body)
    {
        var reader = ReaderFor(writerSchema, readerSchema);
        // publiclyVisible: the decoder decodes strings straight from the buffer.
        using var stream = MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(body.ToArray(), 0, body.Length, writable: false, publiclyVisible: true);
        object datum;
        try
        {
            datum = reader.Read(null!, new BoundedBinaryDecoder(stream));
        }
        catch (EndOfStreamException e)
        {
            throw new AvroSerializationException(
                AvroErrorKind.Truncated, $"The record's body ends before its {writerSchema.Fullname} value does ({body.Length} bytes): it is truncated. {e.Message}", e);
        }
        catch (AvroException e) when (stream.Position >= stream.Length)
        {
            // Apache.Avro reports running out of bytes as a plain AvroException.
            throw new AvroSerializationException(
                AvroErrorKind.Truncated, $"The record's body ends before its {writerSchema.Fullname} value does ({body.Length} bytes): it is truncated. {e.Message}", e);
        }
        catch (Exception e) when (e is AvroException or IndexOutOfRangeException or ArgumentException or OverflowException or InvalidCastException or OutOfMemoryException)
        {
            throw new AvroSerializationException(
                AvroErrorKind.CorruptBody, $"The record's body is not a valid {writerSchema.Fullname} value: {e.Message}", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new AvroSerializationException(
                AvroErrorKind.CorruptBody,
                $"The record's body has {stream.Length - stream.Position} bytes after its {writerSchema.Fullname} value: it is corrupt or framed wrongly.");
        }

        return datum;
    }

    private static GenericDatumReader<object> ReaderFor(Schema writerSchema, Schema readerSchema) =>
        s_readers.GetOrAdd((SchemaFingerprint.Of(writerSchema), readerSchema), _ =>
        {
            var issues = SchemaCompatibility.CheckCanRead(readerSchema, writerSchema);
            if (issues.Count > 0)
            {
                throw new AvroSerializationException(
                    AvroErrorKind.SchemaMismatch,
                    $"Records written with {writerSchema.Fullname} (fingerprint 0x{(ulong)SchemaFingerprint.Of(writerSchema):X16}) cannot be read as " +
                    $"{readerSchema.Fullname}: {string.Join(" ", issues)}");
            }

            return new GenericDatumReader<object>(writerSchema, readerSchema);
        });

    private sealed class WriterReaderComparer : IEqualityComparer<(long Writer, Schema Reader)>
    {
        public bool Equals((long Writer, Schema Reader) x, (long Writer, Schema Reader) y) => x.Writer == y.Writer && ReferenceEquals(x.Reader, y.Reader);

        public int GetHashCode((long Writer, Schema Reader) key) => HashCode.Combine(key.Writer, RuntimeHelpers.GetHashCode(key.Reader));
    }
}
