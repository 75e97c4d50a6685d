using System.Globalization;
using Ambient.Kafka.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Configuration;

/// <summary>
/// Refuses a gateway body cap the producer could not write: such a body would be accepted over HTTP only to be
/// refused by Kafka. Validates the Kafka options (which already depend on the gateway's), so the two never wait on each other.
/// </summary>
internal sealed class GatewayRecordLimitValidator(IOptions<GatewayOptions> gateway) : IValidateOptions<AmbientKafkaOptions>
{
    /// <summary>Room a record needs beside its body: CloudEvent headers, trace context, key and batch framing.</summary>
    public const long RecordOverheadBytes = 64 * 1024;

    public ValidateOptionsResult Validate(string? name, AmbientKafkaOptions options)
    {
        var producerLimit = options.Producer.TryGetValue("message.max.bytes", out var configured) &&
            long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : RecordSizeLimits.EventRecordBytes;
        var maxBody = gateway.Value.MaxBodyBytes;
        return maxBody <= producerLimit - RecordOverheadBytes
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{GatewayOptions.SectionName}:MaxBodyBytes ({maxBody}) must leave {RecordOverheadBytes} bytes for headers under the producer's message.max.bytes " +
                $"({producerLimit}, {AmbientKafkaOptions.SectionName}:Producer:message.max.bytes); raise that and the event topics' max.message.bytes together.");
    }
}
