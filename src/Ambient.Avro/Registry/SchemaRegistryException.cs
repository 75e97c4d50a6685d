using System.Net;
using Ambient.Abstractions.Processing;

namespace Ambient.Avro.Registry;

/// <summary>
/// The Schema Registry refused a request or could not be reached. Unlike <see cref="AvroSerializationException"/>
/// this is about the registry, not the record: retry rather than dead-letter (a <see cref="DependencyUnavailableException"/>,
/// which the event consumer retries until the registry is back). A schema id the registry does not have, met while
/// reading a record, is the record's fault and surfaces as an <see cref="AvroSerializationException"/> instead.
/// </summary>
public sealed class SchemaRegistryException : DependencyUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public SchemaRegistryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SchemaRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an error answer of the registry.</summary>
    public SchemaRegistryException(string message, HttpStatusCode statusCode, int? errorCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the registry's answer; null when it could not be reached.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The registry's <c>error_code</c> (e.g. 40403 schema not found, 409 incompatible), when it gave one.</summary>
    public int? ErrorCode { get; }

    /// <summary>True when the registry answered that the subject, version or schema does not exist.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
