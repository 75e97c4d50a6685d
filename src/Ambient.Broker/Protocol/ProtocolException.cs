namespace Ambient.Broker.Protocol;

/// <summary>
/// A request frame that cannot be decoded: truncated, oversized, or with impossible lengths.
/// The connection that sent it is closed; the broker keeps serving everyone else.
/// </summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProtocolException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
