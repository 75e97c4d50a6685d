using Ambient.Abstractions.Serialization;

namespace Ambient.Avro;

/// <summary>
/// Bytes that are not a readable Avro record (or a value that cannot be written): the record is bad, not the
/// system, so retrying will not help and the record belongs on the dead-letter topic. Registry outages are
/// <see cref="Registry.SchemaRegistryException"/> instead, and worth retrying.
/// </summary>
public sealed class AvroSerializationException : RecordFormatException
{
    /// <summary>Creates the exception for a failure of unknown kind.</summary>
    public AvroSerializationException()
        : this(AvroErrorKind.CorruptBody, "The Avro record could not be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AvroSerializationException(string message)
        : this(AvroErrorKind.CorruptBody, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AvroSerializationException(string message, Exception innerException)
        : this(AvroErrorKind.CorruptBody, message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="kind"/>.</summary>
    public AvroSerializationException(AvroErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>What went wrong.</summary>
    public AvroErrorKind Kind { get; }

    /// <inheritdoc/>
    public override string ErrorKind => Kind.ToString();
}
