using Ambient.Broker.Groups;
using Ambient.Broker.Producers;
using Ambient.Broker.Security;
using Ambient.Broker.Storage;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Handlers;

/// <summary>The broker-wide state handlers work on; <see cref="Authorizer"/> is null on an open broker.</summary>
internal sealed record BrokerServices(
    BrokerOptions Options,
    string ClusterId,
    string AdvertisedHost,
    int AdvertisedPort,
    TopicStore Topics,
    GroupCoordinator Groups,
    ProducerIdAllocator ProducerIds,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    Authorizer? Authorizer)
{
    public int NodeId => Options.NodeId;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
