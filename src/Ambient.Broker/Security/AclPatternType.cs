namespace Ambient.Broker.Security;

/// <summary>How an ACL's resource name matches (Kafka's <c>PatternType</c>; Strimzi's <c>literal</c> and <c>prefix</c>).</summary>
public enum AclPatternType
{
    /// <summary>The exact name, or every name when the name is <see cref="ResourcePattern.Wildcard"/>.</summary>
    Literal,

    /// <summary>Every name that starts with the pattern's name.</summary>
    Prefixed,
}
