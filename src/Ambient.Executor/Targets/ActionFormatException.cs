namespace Ambient.Executor.Targets;

/// <summary>An action a target cannot read: an unknown operation or malformed arguments. It goes to the dead-letter topic with this message.</summary>
public sealed class ActionFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActionFormatException()
    {
    }

    /// <summary>Creates the exception with a message naming the action, the operation and what is wrong.</summary>
    public ActionFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ActionFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
