namespace Ambient.Runtime.Agents;

/// <summary>
/// An agent file that cannot be used. The message names the file, the line and column, and the field,
/// e.g. <c>agents/triage.yaml:12:5: limits.timeoutSeconds must be a positive integer, got 'soon'</c>.
/// </summary>
public sealed class AgentDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentDefinitionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AgentDefinitionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AgentDefinitionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
