namespace Ambient.Broker.Security;

/// <summary>The kinds of resource an ACL can name (Kafka's <c>ResourceType</c>, the ones this broker serves).</summary>
public enum AclResourceType
{
    /// <summary>A topic, by name.</summary>
    Topic,

    /// <summary>A consumer group, by group id.</summary>
    Group,

    /// <summary>The cluster itself; its one resource is named <see cref="ResourcePattern.ClusterName"/>.</summary>
    Cluster,

    /// <summary>A producer's transactional id.</summary>
    TransactionalId,
}
