namespace Ambient.Abstractions.Tools;

/// <summary>A tool call's arguments are missing or of the wrong type; the model is told and may correct itself.</summary>
public sealed class ToolArgumentException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ToolArgumentException()
    {
    }

    /// <summary>Creates the exception with a message the model reads.</summary>
    public ToolArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ToolArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
