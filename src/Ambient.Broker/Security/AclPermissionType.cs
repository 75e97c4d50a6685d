namespace Ambient.Broker.Security;

/// <summary>Whether an ACL grants or refuses; a matching Deny wins over any Allow.</summary>
public enum AclPermissionType
{
    /// <summary>Grants the operation.</summary>
    Allow,

    /// <summary>Refuses the operation, whatever else allows it.</summary>
    Deny,
}
