namespace Ambient.Abstractions.Serialization;

/// <summary>
/// Bytes that are not a readable record (truncated, corrupt, written with an unknown schema): the record is
/// bad, not the system, so readers skip it and copy it to the dead-letter topic instead of retrying.
/// </summary>
public class RecordFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RecordFormatException()
        : base("The record could not be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RecordFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RecordFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the bytes could not be read, as a short name (the Avro codec gives its <c>AvroErrorKind</c>).</summary>
    public virtual string ErrorKind => "Unreadable";
}
