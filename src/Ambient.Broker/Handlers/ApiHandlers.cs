namespace Ambient.Broker.Handlers;

/// <summary>Every API the broker serves, one handler each.</summary>
internal static class ApiHandlers
{
    public static IReadOnlyList<IApiHandler> All { get; } =
    [
        new ApiVersionsHandler(),
        new MetadataHandler(),
        new ProduceHandler(),
        new FetchHandler(),
        new ListOffsetsHandler(),
        new FindCoordinatorHandler(),
        new JoinGroupHandler(),
        new SyncGroupHandler(),
        new HeartbeatHandler(),
        new LeaveGroupHandler(),
        new OffsetCommitHandler(),
        new OffsetFetchHandler(),
        new DescribeGroupsHandler(),
        new ListGroupsHandler(),
        new CreateTopicsHandler(),
        new DeleteTopicsHandler(),
        new DescribeConfigsHandler(),
        new InitProducerIdHandler(),
        new OffsetForLeaderEpochHandler(),
        new ConsumerGroupHeartbeatHandler(),
        new SaslHandshakeHandler(),
        new SaslAuthenticateHandler(),
    ];
}
