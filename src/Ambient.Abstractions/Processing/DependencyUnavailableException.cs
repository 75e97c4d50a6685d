namespace Ambient.Abstractions.Processing;

/// <summary>
/// Processing needs something outside the record that is unavailable or misconfigured: Kafka, a topic or partition, the
/// model endpoint, a registry. The record is fine: the consumer retries it (the partition waits) until the dependency is
/// back, and never dead-letters it, since the dead-letter topic is for records that cannot be processed. Dependencies
/// with exceptions of their own derive from it (the Schema Registry's).
/// </summary>
public class DependencyUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DependencyUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message naming the dependency and what is wrong with it.</summary>
    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the dependency's error.</summary>
    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
