namespace Ambient.Broker.Records;

/// <summary>A record batch whose contents do not decode: bad lengths, bad varints, bad compression.</summary>
public sealed class CorruptRecordException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CorruptRecordException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CorruptRecordException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CorruptRecordException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
