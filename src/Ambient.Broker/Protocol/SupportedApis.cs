namespace Ambient.Broker.Protocol;

/// <summary>
/// The API versions the broker advertises. Everything is non-flexible except ApiVersions v3, which
/// librdkafka sends first; clients pick min(client max, broker max), so keeping the maxima below
/// each API's first flexible version keeps every client on the classic encoding
/// (see shared notes §1.1, §1.5 and §9).
/// </summary>
internal static class SupportedApis
{
    /// <summary>Produce is advertised from v0 but v0-2 are rejected, as Kafka 4 does (KAFKA-18659):
    /// librdkafka before 2.11.1 only compresses when the broker advertises Produce v0.</summary>
    public const short MinAcceptedProduceVersion = 3;

    public static IReadOnlyList<ApiVersionRange> All { get; } =
    [
        new(ApiKey.Produce, 0, 8),
        new(ApiKey.Fetch, 4, 11),
        new(ApiKey.ListOffsets, 1, 5),
        new(ApiKey.Metadata, 0, 8),
        new(ApiKey.OffsetCommit, 2, 7),
        new(ApiKey.OffsetFetch, 1, 5),
        new(ApiKey.FindCoordinator, 0, 2),
        new(ApiKey.JoinGroup, 0, 5),
        new(ApiKey.Heartbeat, 0, 3),
        new(ApiKey.LeaveGroup, 0, 1),
        new(ApiKey.SyncGroup, 0, 3),
        new(ApiKey.DescribeGroups, 0, 4),
        new(ApiKey.ListGroups, 0, 2),
        new(ApiKey.ApiVersions, 0, 3),
        new(ApiKey.CreateTopics, 0, 4),
        new(ApiKey.DeleteTopics, 0, 3),
        new(ApiKey.InitProducerId, 0, 1),
        new(ApiKey.OffsetForLeaderEpoch, 2, 2),
        new(ApiKey.DescribeConfigs, 0, 2),
        // Only served, and only advertised, when BrokerOptions.Security is set. SaslHandshake v0 means the raw
        // SASL tokens follow without Kafka framing (kafka-python 2.0); v1 means they come in SaslAuthenticate.
        new(ApiKey.SaslHandshake, 0, 1),
        new(ApiKey.SaslAuthenticate, 0, 2),
        // Advertised only so that group.protocol=consumer (KIP-848) gets a clear fatal error instead of
        // librdkafka retrying forever; every request is refused (see ConsumerGroupHeartbeatHandler).
        new(ApiKey.ConsumerGroupHeartbeat, 1, 1),
    ];

    private static readonly Dictionary<ApiKey, ApiVersionRange> s_byKey = All.ToDictionary(range => range.Key);

    public static bool TryGet(ApiKey key, out ApiVersionRange range) => s_byKey.TryGetValue(key, out range);

    /// <summary>
    /// Only ApiVersions v3+, SaslAuthenticate v2 (the Java client's) and the refused ConsumerGroupHeartbeat use the
    /// flexible encoding among the advertised versions.
    /// </summary>
    public static bool IsFlexible(ApiKey key, short version) =>
        (key is ApiKey.ApiVersions && version >= 3) || (key is ApiKey.SaslAuthenticate && version >= 2) || key == ApiKey.ConsumerGroupHeartbeat;

    /// <summary>The SASL APIs, advertised only by a secure broker.</summary>
    public static bool IsSasl(ApiKey key) => key is ApiKey.SaslHandshake or ApiKey.SaslAuthenticate;

    /// <summary>Flexible responses carry a tagged-field section in their header (v1), except ApiVersions (KIP-511).</summary>
    public static bool HasFlexibleResponseHeader(ApiKey key, short version) => key != ApiKey.ApiVersions && IsFlexible(key, version);
}

/// <summary>An advertised [min, max] version range for one API key.</summary>
internal readonly record struct ApiVersionRange(ApiKey Key, short MinVersion, short MaxVersion)
{
    public bool Contains(short version) => version >= MinVersion && version <= MaxVersion;
}
