using Ambient.Broker.Network;
using Ambient.Broker.Protocol;
using Ambient.Broker.Security;

namespace Ambient.Broker.Handlers;

/// <summary>One request being served: its header, the connection it came on, and the broker's services.</summary>
internal sealed record RequestContext(RequestHeader Header, BrokerServices Broker, ClientSession Session)
{
    public short Version => Header.ApiVersion;

    public string ClientId => Header.ClientId ?? string.Empty;

    public string ClientAddress => Session.ClientAddress;

    /// <summary>True when the connection's principal may perform <paramref name="operation"/> on the resource (always, on an open broker).</summary>
    public bool IsAllowed(AclOperation operation, AclResourceType type, string name) =>
        Broker.Authorizer?.IsAllowed(Session.Principal, Session.Host, operation, type, name) ?? true;

    public bool IsAllowedOnTopic(AclOperation operation, string topic) => IsAllowed(operation, AclResourceType.Topic, topic);

    public bool IsAllowedOnGroup(AclOperation operation, string group) => IsAllowed(operation, AclResourceType.Group, group);

    public bool IsAllowedOnCluster(AclOperation operation) => IsAllowed(operation, AclResourceType.Cluster, ResourcePattern.ClusterName);

    /// <summary>True when some resource of <paramref name="type"/> allows <paramref name="operation"/> (Kafka's authorizeByResourceType).</summary>
    public bool IsAllowedOnAny(AclOperation operation, AclResourceType type) =>
        Broker.Authorizer?.IsAllowedOnAny(Session.Principal, Session.Host, operation, type) ?? true;
}
