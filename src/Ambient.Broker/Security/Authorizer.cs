namespace Ambient.Broker.Security;

/// <summary>
/// Decides, like Kafka's StandardAuthorizer with <c>allow.everyone.if.no.acl.found=false</c>, whether a principal
/// may perform an operation on a resource: super users may do anything; otherwise a matching Deny refuses, and
/// a matching Allow (of the operation, an operation that implies it, or All) is required. No I/O, no state
/// beyond the rules, so every decision is unit-testable.
/// </summary>
internal sealed class Authorizer(IEnumerable<AclRule> rules, IEnumerable<string> superUserPrincipals)
{
    private readonly AclRule[] _rules = [.. rules];
    private readonly HashSet<string> _superUsers = new(superUserPrincipals, StringComparer.Ordinal);

    public bool IsSuperUser(string principal) => _superUsers.Contains(principal);

    /// <summary>True when <paramref name="principal"/> connecting from <paramref name="host"/> may perform <paramref name="operation"/> on the named resource.</summary>
    public bool IsAllowed(string principal, string host, AclOperation operation, AclResourceType type, string name)
    {
        if (IsSuperUser(principal))
        {
            return true;
        }

        var allowed = false;
        foreach (var rule in _rules)
        {
            if (!Applies(rule, principal, host) || !rule.Resource.Matches(type, name))
            {
                continue;
            }

            if (rule.Permission == AclPermissionType.Deny && (rule.Operation == operation || rule.Operation == AclOperation.All))
            {
                return false;
            }

            allowed |= rule.Permission == AclPermissionType.Allow && Grants(rule.Operation, operation);
        }

        return allowed;
    }

    /// <summary>
    /// True when some resource of <paramref name="type"/> allows <paramref name="operation"/> and no Deny covers
    /// all of it (Kafka's authorizeByResourceType, which InitProducerId uses to imply IdempotentWrite from Write, KIP-679).
    /// </summary>
    public bool IsAllowedOnAny(string principal, string host, AclOperation operation, AclResourceType type)
    {
        if (IsSuperUser(principal))
        {
            return true;
        }

        bool Relevant(AclRule rule, AclPermissionType permission) =>
            rule.Permission == permission && rule.Resource.Type == type && Applies(rule, principal, host)
            && (rule.Operation == operation || rule.Operation == AclOperation.All);

        var denies = _rules.Where(r => Relevant(r, AclPermissionType.Deny)).Select(r => r.Resource).ToList();
        return _rules.Where(r => Relevant(r, AclPermissionType.Allow)).Any(allow => !denies.Any(deny => allow.Resource.IsCoveredBy(deny)));
    }

    private static bool Applies(AclRule rule, string principal, string host) =>
        (rule.Principal == principal || rule.Principal == AclRule.AnyUser) && (rule.Host == AclRule.AnyHost || rule.Host == host);

    /// <summary>Kafka's implied operations: Read, Write, Delete and Alter imply Describe; AlterConfigs implies DescribeConfigs.</summary>
    private static bool Grants(AclOperation granted, AclOperation wanted) =>
        granted == wanted || granted == AclOperation.All || wanted switch
        {
            AclOperation.Describe => granted is AclOperation.Read or AclOperation.Write or AclOperation.Delete or AclOperation.Alter,
            AclOperation.DescribeConfigs => granted == AclOperation.AlterConfigs,
            _ => false,
        };
}
