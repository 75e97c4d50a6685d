namespace Ambient.Broker.Security;

/// <summary>The resources an ACL applies to: a type and a literal name, the wildcard <c>*</c>, or a name prefix.</summary>
/// <param name="Type">The kind of resource.</param>
/// <param name="Name">The name, prefix, or <see cref="Wildcard"/>.</param>
/// <param name="PatternType">Whether <paramref name="Name"/> is matched exactly or as a prefix.</param>
public readonly record struct ResourcePattern(AclResourceType Type, string Name, AclPatternType PatternType = AclPatternType.Literal)
{
    /// <summary>A literal name that matches every resource of its type.</summary>
    public const string Wildcard = "*";

    /// <summary>The name of the one cluster resource, as in Kafka.</summary>
    public const string ClusterName = "kafka-cluster";

    /// <summary>True when this pattern covers the resource <paramref name="name"/> of type <paramref name="type"/>.</summary>
    public bool Matches(AclResourceType type, string name) =>
        type == Type && (PatternType == AclPatternType.Prefixed
            ? name.StartsWith(Name, StringComparison.Ordinal)
            : Name == Wildcard || Name == name);

    /// <summary>True when every name this pattern could match is also matched by <paramref name="other"/> (same type).</summary>
    internal bool IsCoveredBy(ResourcePattern other) =>
        other.Type == Type && (other.PatternType == AclPatternType.Literal
            ? other.Name == Wildcard || (PatternType == AclPatternType.Literal && other.Name == Name)
            : other.Name.Length == 0 || (Name.StartsWith(other.Name, StringComparison.Ordinal) && (PatternType == AclPatternType.Prefixed || Name != Wildcard)));
}
