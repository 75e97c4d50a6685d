namespace Ambient.Broker.Security;

/// <summary>
/// Authentication and authorization of a secure broker (Kafka's SASL_PLAINTEXT listener with SCRAM-SHA-512 and
/// PLAIN, and the StandardAuthorizer). Set it on <see cref="BrokerOptions.Security"/>; without it the broker is
/// open to every client, as before.
/// </summary>
/// <example>
/// <code>
/// options.Security = BrokerSecurity.FromStrimziUsers("strimzi/common/users.yaml", "scram-credentials.txt");
/// options.Security.SuperUsers.Add("admin");
/// </code>
/// </example>
public sealed class BrokerSecurity
{
    /// <summary>Users who may authenticate, by name, with their SCRAM-SHA-512 credential (also checks PLAIN passwords).</summary>
    public IDictionary<string, ScramCredential> Users { get; } = new Dictionary<string, ScramCredential>(StringComparer.Ordinal);

    /// <summary>The ACLs; a principal with no matching Allow is refused (<c>allow.everyone.if.no.acl.found=false</c>).</summary>
    public IList<AclRule> Acls { get; } = [];

    /// <summary>User names that bypass ACLs (Kafka's <c>super.users</c>), for admin tooling.</summary>
    public ISet<string> SuperUsers { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Reads Strimzi KafkaUser manifests (ACLs) and a credentials file of <c>user:password</c> lines (passwords are
    /// turned into SCRAM credentials at once and not kept).
    /// </summary>
    /// <exception cref="InvalidDataException">A file is malformed, or the credentials name a user the manifests do not define as scram-sha-512.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static BrokerSecurity FromStrimziUsers(string usersYamlPath, string credentialsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(usersYamlPath);
        ArgumentException.ThrowIfNullOrEmpty(credentialsPath);
        var users = StrimziUsersFile.Load(usersYamlPath).ToDictionary(u => u.Name, StringComparer.Ordinal);
        var security = new BrokerSecurity();
        foreach (var user in users.Values)
        {
            foreach (var acl in user.Acls)
            {
                security.Acls.Add(acl);
            }
        }

        foreach (var (name, password, line) in CredentialsFile.Load(credentialsPath))
        {
            if (!users.TryGetValue(name, out var user))
            {
                throw new InvalidDataException($"{credentialsPath} line {line}: user '{name}' is not a KafkaUser in {usersYamlPath}.");
            }

            if (user.Authentication != StrimziUser.ScramSha512)
            {
                throw new InvalidDataException($"{credentialsPath} line {line}: user '{name}' authenticates with '{user.Authentication}' in {usersYamlPath}, not scram-sha-512.");
            }

            if (!security.Users.TryAdd(name, ScramCredential.FromPassword(password)))
            {
                throw new InvalidDataException($"{credentialsPath} line {line}: user '{name}' is given more than once.");
            }
        }

        return security;
    }

    internal Authorizer CreateAuthorizer() =>
        new(Acls, SuperUsers.Select(u => u.StartsWith("User:", StringComparison.Ordinal) ? u : AclRule.UserPrincipal(u)));

    internal ScramCredential? FindCredential(string user) => Users.TryGetValue(user, out var credential) ? credential : null;
}
