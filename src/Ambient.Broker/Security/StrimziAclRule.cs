using YamlDotNet.RepresentationModel;

namespace Ambient.Broker.Security;

/// <summary>
/// One entry of a KafkaUser's <c>spec.authorization.acls</c>: <c>resource {type, name, patternType}</c>,
/// <c>operations</c> (or the older single <c>operation</c>), <c>type</c> allow|deny (default allow) and
/// <c>host</c> (default *). It becomes one <see cref="AclRule"/> per operation.
/// </summary>
internal static class StrimziAclRule
{
    public static IEnumerable<AclRule> Read(string path, string user, YamlNode node)
    {
        if (node is not YamlMappingNode rule || StrimziUsersFile.Child(rule, "resource") is not YamlMappingNode resource)
        {
            throw StrimziUsersFile.Error(path, node, $"KafkaUser '{user}': an ACL needs a resource.");
        }

        var pattern = ReadResource(path, user, resource);
        var permission = StrimziUsersFile.Scalar(rule, "type") switch
        {
            null or "allow" => AclPermissionType.Allow,
            "deny" => AclPermissionType.Deny,
            var other => throw StrimziUsersFile.Error(path, rule, $"KafkaUser '{user}': ACL type '{other}' is not allow or deny."),
        };
        var host = StrimziUsersFile.Scalar(rule, "host") ?? AclRule.AnyHost;
        var operations = StrimziUsersFile.Child(rule, "operations") switch
        {
            YamlSequenceNode list => list.Children.Select(o => (o as YamlScalarNode)?.Value).ToList(),
            null when StrimziUsersFile.Scalar(rule, "operation") is { } single => [single],
            _ => throw StrimziUsersFile.Error(path, rule, $"KafkaUser '{user}': an ACL needs operations."),
        };

        return operations.Select(operation => Enum.TryParse<AclOperation>(operation, ignoreCase: true, out var parsed) && !int.TryParse(operation, out _)
                ? new AclRule(AclRule.UserPrincipal(user), pattern, parsed, permission, host)
                : throw StrimziUsersFile.Error(path, rule, $"KafkaUser '{user}': unknown ACL operation '{operation}'."))
            .ToList();
    }

    private static ResourcePattern ReadResource(string path, string user, YamlMappingNode resource)
    {
        var type = StrimziUsersFile.Scalar(resource, "type") switch
        {
            "topic" => AclResourceType.Topic,
            "group" => AclResourceType.Group,
            "cluster" => AclResourceType.Cluster,
            "transactionalId" => AclResourceType.TransactionalId,
            var other => throw StrimziUsersFile.Error(path, resource, $"KafkaUser '{user}': resource type '{other}' is not topic, group, cluster or transactionalId."),
        };
        if (type == AclResourceType.Cluster)
        {
            return new ResourcePattern(type, ResourcePattern.ClusterName);
        }

        var name = StrimziUsersFile.Scalar(resource, "name")
            ?? throw StrimziUsersFile.Error(path, resource, $"KafkaUser '{user}': a {StrimziUsersFile.Scalar(resource, "type")} resource needs a name.");
        var patternType = StrimziUsersFile.Scalar(resource, "patternType") switch
        {
            null or "literal" => AclPatternType.Literal,
            "prefix" => AclPatternType.Prefixed,
            var other => throw StrimziUsersFile.Error(path, resource, $"KafkaUser '{user}': patternType '{other}' is not literal or prefix."),
        };
        return new ResourcePattern(type, name, patternType);
    }
}
