using Ambient.Broker.Security;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient broker --users FILE --scram-credentials FILE [--super-user NAME]...</c>: turns the Strimzi KafkaUser
/// manifests and a <c>user:password</c> file into <see cref="BrokerSecurity"/>, or an error message naming the
/// file and line (never a password).
/// </summary>
internal static class BrokerSecurityArguments
{
    /// <summary>Null security and no error when neither file is given: the broker stays open.</summary>
    public static (BrokerSecurity? Security, string? Error) Load(string? usersPath, string? credentialsPath, IReadOnlyList<string> superUsers)
    {
        if (usersPath is null && credentialsPath is null)
        {
            return superUsers.Count > 0 ? (null, "--super-user needs --users and --scram-credentials.") : (null, null);
        }

        if (usersPath is null || credentialsPath is null)
        {
            return (null, "--users and --scram-credentials go together: the KafkaUser manifests give the ACLs, the credentials file the passwords.");
        }

        try
        {
            var security = BrokerSecurity.FromStrimziUsers(usersPath, credentialsPath);
            if (security.Users.Count == 0)
            {
                return (null, $"{credentialsPath} names no user: no client could authenticate.");
            }

            foreach (var name in superUsers)
            {
                if (!security.Users.ContainsKey(name))
                {
                    return (null, $"--super-user {name}: not a user in {credentialsPath}.");
                }

                security.SuperUsers.Add(name);
            }

            return (security, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }
}
