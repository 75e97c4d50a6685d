using Confluent.SchemaRegistry;

namespace Ambient.Avro.Registry;

/// <summary>Ambient's <see cref="SchemaRegistryOptions"/> as the settings of Confluent's <see cref="CachedSchemaRegistryClient"/>.</summary>
internal static class ConfluentRegistryConfig
{
    public static SchemaRegistryConfig From(SchemaRegistryOptions options)
    {
        var config = new SchemaRegistryConfig
        {
            Url = options.Url,
            RequestTimeoutMs = (int)Math.Min(int.MaxValue, Math.Ceiling(options.RequestTimeout.TotalMilliseconds)),
            MaxCachedSchemas = options.MaxCachedSchemas,
            // One attempt per call (Confluent counts attempts here, not retries): a registry that is down or hangs
            // then fails within RequestTimeout, and the caller retries a DependencyUnavailableException with its own
            // backoff (the worker's event consumer), as it did with the hand-written client. Retrying here as well
            // would hold a record for attempts × timeout + waits before anyone hears of the outage.
            MaxRetries = 1,
            RetriesWaitMs = 0,
        };
        if (options.BasicAuthUserInfo is { Length: > 0 } userInfo)
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = userInfo;
        }

        return config;
    }
}
