namespace Ambient.Broker.Security;

/// <summary>One ACL: <paramref name="Principal"/> may (or may not) perform <paramref name="Operation"/> on <paramref name="Resource"/> from <paramref name="Host"/>.</summary>
/// <param name="Principal">"User:&lt;name&gt;", or "User:*" for every user.</param>
/// <param name="Resource">The resources it applies to.</param>
/// <param name="Operation">The operation it grants or refuses.</param>
/// <param name="Permission">Allow or Deny; Deny wins.</param>
/// <param name="Host">The client IP address it applies to, or "*" for any.</param>
public sealed record AclRule(string Principal, ResourcePattern Resource, AclOperation Operation, AclPermissionType Permission = AclPermissionType.Allow, string Host = AclRule.AnyHost)
{
    /// <summary>Matches every client address.</summary>
    public const string AnyHost = "*";

    /// <summary>Matches every authenticated user.</summary>
    public const string AnyUser = "User:*";

    /// <summary>The principal of a user, as Kafka names it.</summary>
    public static string UserPrincipal(string user) => "User:" + user;
}
