namespace Ambient.Abstractions.Processing;

/// <summary>A record whose bytes cannot be read as what its topic carries (e.g. a corrupt A2A request): it goes to the dead-letter topic.</summary>
public sealed class UnreadableRecordException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnreadableRecordException()
    {
    }

    /// <summary>Creates the exception with a message naming what is wrong.</summary>
    public UnreadableRecordException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the decoder's error.</summary>
    public UnreadableRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
