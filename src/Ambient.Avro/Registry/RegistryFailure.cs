using ConfluentRegistryException = Confluent.SchemaRegistry.SchemaRegistryException;

namespace Ambient.Avro.Registry;

/// <summary>What Confluent's registry client throws, as Ambient's <see cref="SchemaRegistryException"/>.</summary>
internal static class RegistryFailure
{
    /// <summary>The exception to throw instead of <paramref name="error"/>, or null when it is not a registry failure (the caller's cancellation, a bug).</summary>
    public static SchemaRegistryException? From(Exception error, Uri registry, string request, CancellationToken cancellationToken) => error switch
    {
        // The registry answered with an error: 404 unknown subject, schema or id, 409 incompatible, 422 invalid schema, 401/403.
        ConfluentRegistryException answer => new SchemaRegistryException(
            $"The Schema Registry at {registry} answered {request} with {(int)answer.Status} {answer.Status}: {answer.Message}",
            answer.Status,
            answer.ErrorCode > 0 ? answer.ErrorCode : null),

        // No answer, or one Confluent's client counts as transient (408, 429, 5xx): nothing listening, reset, timed out.
        HttpRequestException unreachable => new SchemaRegistryException(
            $"The Schema Registry at {registry} could not answer {request}: {unreachable.Message}", unreachable),

        OperationCanceledException or TimeoutException when !cancellationToken.IsCancellationRequested => new SchemaRegistryException(
            $"The Schema Registry at {registry} did not answer {request} in time: {error.Message}", error),

        Newtonsoft.Json.JsonException => new SchemaRegistryException(
            $"The Schema Registry at {registry} answered {request} with a body that is not the registry API's JSON: is this a Confluent-compatible registry? {error.Message}", error),

        _ => null,
    };
}
