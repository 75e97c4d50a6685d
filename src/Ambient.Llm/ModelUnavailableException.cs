namespace Ambient.Llm;

/// <summary>
/// The model endpoint did not answer, is overloaded, or is not set up for the agent (a key, a model or a URL to fix):
/// nothing about the event, so the event is retried until the model is back and never dead-lettered.
/// </summary>
public sealed class ModelUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
