namespace Ambient.Broker.Protocol;

/// <summary>
/// Kafka request header v1/v2: api key, version, correlation id, client id, and (v2, flexible
/// requests only) a tagged-field section. The client id stays a classic int16 string even in v2.
/// </summary>
internal sealed record RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    public static RequestHeader Read(KafkaReader reader)
    {
        var apiKey = (ApiKey)reader.ReadInt16();
        var apiVersion = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString();
        if (SupportedApis.IsFlexible(apiKey, apiVersion))
        {
            reader.SkipTaggedFields();
        }

        return new RequestHeader(apiKey, apiVersion, correlationId, clientId);
    }
}
