namespace Ambient.Governance.Policies;

/// <summary>
/// A policy file or set that cannot be used. The message names the file, line, column and field, e.g.
/// <c>policies/default.yaml:7:9: rules[0].match.tools[1] 'kubernetes.restart workload' is not a valid glob: ...</c>.
/// </summary>
public sealed class PolicyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public PolicyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public PolicyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
