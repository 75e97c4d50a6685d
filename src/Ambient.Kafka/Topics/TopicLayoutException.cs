namespace Ambient.Kafka.Topics;

/// <summary>
/// The topics are not as a process needs them (see <see cref="TopicLayoutReport"/>): it refuses to start rather than
/// consume into a layout that cannot hold its runs. The message names each topic, what it has, what it needs and the fix.
/// </summary>
public sealed class TopicLayoutException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopicLayoutException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public TopicLayoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public TopicLayoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
