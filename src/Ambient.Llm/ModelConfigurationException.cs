namespace Ambient.Llm;

/// <summary>
/// A <see cref="ModelSpec"/> cannot be turned into a chat model: a required field is missing, a value is
/// invalid, or the API key's environment variable is unset. The message names the field (<c>model.endpoint</c>).
/// </summary>
public sealed class ModelConfigurationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ModelConfigurationException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ModelConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public ModelConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
