namespace Ambient.Broker.Security;

/// <summary>
/// Operations an ACL grants (Kafka's <c>AclOperation</c>). An Allow of Read, Write, Delete or Alter also allows
/// Describe, and an Allow of AlterConfigs allows DescribeConfigs, as in Kafka; a Deny refuses only its own
/// operation (or everything, for <see cref="All"/>).
/// </summary>
public enum AclOperation
{
    /// <summary>Every operation.</summary>
    All,

    /// <summary>Fetch from a topic; join, commit to and fetch offsets of a group.</summary>
    Read,

    /// <summary>Produce to a topic; use a transactional id.</summary>
    Write,

    /// <summary>Create topics (on the topic, or on the cluster for any topic).</summary>
    Create,

    /// <summary>Delete topics.</summary>
    Delete,

    /// <summary>Change a resource (partitions, ACLs).</summary>
    Alter,

    /// <summary>See that a topic or group exists, list its offsets and metadata.</summary>
    Describe,

    /// <summary>Inter-broker requests.</summary>
    ClusterAction,

    /// <summary>Read configs.</summary>
    DescribeConfigs,

    /// <summary>Change configs.</summary>
    AlterConfigs,

    /// <summary>Get a producer id for idempotent producing (on the cluster; Write on any topic implies it, KIP-679).</summary>
    IdempotentWrite,
}
