using Ambient.Broker.Protocol;

namespace Ambient.Broker.Handlers;

/// <summary>
/// ApiVersions v0-3. v3 is the one flexible request the broker reads (librdkafka sends it first);
/// its response header stays v0, as Kafka's does, so clients can parse it before they know our versions.
/// Clients send it before authenticating; the SASL APIs are listed only by a secure broker.
/// </summary>
internal sealed class ApiVersionsHandler : IApiHandler
{
    public ApiKey Key => ApiKey.ApiVersions;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        if (context.Version >= 3)
        {
            request.ReadCompactString(); // client software name
            request.ReadCompactString(); // client software version
            request.SkipTaggedFields();
            WriteFlexible(response, Advertised(context));
        }
        else
        {
            WriteClassic(response, context.Version, Advertised(context));
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>The v0-layout answer to an ApiVersions version above ours (KIP-511).</summary>
    public static void WriteUnsupportedVersion(KafkaWriter response)
    {
        SupportedApis.TryGet(ApiKey.ApiVersions, out var range);
        response.WriteInt16(ErrorCode.UnsupportedVersion);
        response.WriteArrayLength(1);
        WriteRange(response, range);
    }

    private static List<ApiVersionRange> Advertised(RequestContext context) =>
        [.. SupportedApis.All.Where(api => context.Session.Sasl is not null || !SupportedApis.IsSasl(api.Key))];

    private static void WriteClassic(KafkaWriter response, short version, List<ApiVersionRange> apis)
    {
        response.WriteInt16(ErrorCode.None);
        response.WriteArray(apis, WriteRange);
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }
    }

    private static void WriteFlexible(KafkaWriter response, List<ApiVersionRange> apis)
    {
        response.WriteInt16(ErrorCode.None);
        response.WriteCompactArrayLength(apis.Count);
        foreach (var range in apis)
        {
            WriteRange(response, range);
            response.WriteEmptyTaggedFields();
        }

        response.WriteInt32(0); // throttle time
        response.WriteEmptyTaggedFields();
    }

    private static void WriteRange(KafkaWriter response, ApiVersionRange range)
    {
        response.WriteInt16((short)range.Key);
        response.WriteInt16(range.MinVersion);
        response.WriteInt16(range.MaxVersion);
    }
}
