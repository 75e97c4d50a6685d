namespace Ambient.Kafka.CloudEvents;

/// <summary>
/// A Kafka record is not a valid CloudEvent under the Kafka protocol binding: a required attribute is missing,
/// the spec version is not 1.0, an attribute value does not parse, or a structured event is not valid JSON.
/// The record can never be processed, so consumers send it to the dead-letter topic rather than retry it.
/// The message names the header or attribute at fault.
/// </summary>
public sealed class CloudEventFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public CloudEventFormatException()
        : base("The Kafka record is not a valid CloudEvent.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public CloudEventFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the error that caused it.</summary>
    public CloudEventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
