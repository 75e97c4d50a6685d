using System.Security.Cryptography;
using Ambient.Broker.Security;

namespace Ambient.Cli.Commands;

/// <summary>
/// The KafkaUsers of <c>ambient up --secure</c>: those of the Strimzi manifests, and each agent's worker user derived from
/// its agent file as the Agent operator derives it (<see cref="LocalWorkerUsers"/>); a new random password for every scram-sha-512 user at each start (the broker keeps credentials only in memory, so nothing outlives a run; a leaked file is
/// useless after a restart, as the gateway's development secrets are), written where the components and the operator
/// can read them, and the librdkafka settings each component authenticates with.
/// </summary>
internal sealed class LocalKafkaUsers
{
    public const string GatewayUser = "ambient-gateway";

    /// <summary>Creates the topics (its ACLs allow Create on <c>ambient.</c> topics) and runs the CLI by hand; no super user is needed.</summary>
    public const string OperatorUser = "ambient-operator";

    /// <summary>The supervisor console's user: it reads the topics it shows.</summary>
    public const string ConsoleUser = "ambient-console";

    public const string SecurityProtocol = "SASL_PLAINTEXT";
    public const string Mechanism = "SCRAM-SHA-512";

    private readonly Dictionary<string, string> _passwords;

    private LocalKafkaUsers(string usersPath, string credentialsPath, Dictionary<string, string> passwords, BrokerSecurity security)
    {
        UsersPath = usersPath;
        CredentialsPath = credentialsPath;
        OperatorEnvironmentPath = Path.Combine(Path.GetDirectoryName(credentialsPath)!, OperatorUser + ".env");
        _passwords = passwords;
        Security = security;
    }

    public string UsersPath { get; }

    /// <summary><c>user:password</c> lines, the file the broker reads (as <c>ambient broker --scram-credentials</c>).</summary>
    public string CredentialsPath { get; }

    /// <summary>The operator's settings as environment variables, for <c>env $(cat FILE) ambient runs list</c> or <c>docker --env-file</c>.</summary>
    public string OperatorEnvironmentPath { get; }

    public BrokerSecurity Security { get; }

    public static string WorkerUser(string agent) => $"ambient-worker-{agent}";

    public bool Has(string user) => _passwords.ContainsKey(user);

    /// <summary>
    /// Generates the passwords, writes <c>scram-credentials.txt</c> (mode 0600, in a 0700 directory) and loads the broker's
    /// security from it, the manifests and the agents' derived users; or an error naming the file.
    /// </summary>
    public static (LocalKafkaUsers? Users, string? Error) TryCreate(string usersPath, string credentialsDirectory, string agentsDirectory)
    {
        if (!File.Exists(usersPath))
        {
            return (null, $"--secure needs the KafkaUser manifests that give each component its ACLs, and {Path.GetFullPath(usersPath)} does not exist; pass --users FILE (strimzi/common/users.yaml in the Ambient repository).");
        }

        try
        {
            PrivateFiles.CreateDirectory(credentialsDirectory);
            var manifests = LocalWorkerUsers.WriteWithManifests(usersPath, agentsDirectory, credentialsDirectory);
            var passwords = StrimziUsersFile.Load(manifests)
                .Where(u => u.Authentication == StrimziUser.ScramSha512)
                .ToDictionary(u => u.Name, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), StringComparer.Ordinal);
            if (passwords.Count == 0)
            {
                return (null, $"{usersPath} defines no scram-sha-512 KafkaUser: no component could authenticate.");
            }

            var credentialsPath = Path.Combine(credentialsDirectory, "scram-credentials.txt");
            PrivateFiles.Write(credentialsPath,
                ["# ambient up --secure: the password of each KafkaUser, new at each start.", .. passwords.Select(p => $"{p.Key}:{p.Value}")]);
            return (new LocalKafkaUsers(usersPath, credentialsPath, passwords, BrokerSecurity.FromStrimziUsers(manifests, credentialsPath)), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The settings of a client that authenticates as <paramref name="user"/>, for each of Ambient's client sections.</summary>
    public Dictionary<string, string?> ClientSettings(string user)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var section in new[] { "Producer", "Consumer", "Admin" })
        {
            settings[$"Ambient:Kafka:{section}:security.protocol"] = SecurityProtocol;
            settings[$"Ambient:Kafka:{section}:sasl.mechanism"] = Mechanism;
            settings[$"Ambient:Kafka:{section}:sasl.username"] = user;
            settings[$"Ambient:Kafka:{section}:sasl.password"] = _passwords[user];
        }

        return settings;
    }

    /// <summary>
    /// Writes the operator's environment file. Its names contain dots (<c>Ambient__Kafka__Consumer__sasl.username</c>),
    /// which a shell cannot <c>source</c>, so it is meant for <c>env</c>; no comments, so <c>$(cat FILE)</c> works.
    /// </summary>
    public void WriteOperatorEnvironment(string bootstrapServers) =>
        PrivateFiles.Write(OperatorEnvironmentPath,
        [
            $"{KafkaConnection.BootstrapVariable}={bootstrapServers}",
            .. ClientSettings(OperatorUser).Select(s => $"{s.Key.Replace(":", "__", StringComparison.Ordinal)}={s.Value}"),
        ]);

    /// <summary>The command that runs the CLI as the operator, to print.</summary>
    public string OperatorCommand(string arguments) => $"env $(cat {Path.GetFullPath(OperatorEnvironmentPath)}) ambient {arguments}";
}
