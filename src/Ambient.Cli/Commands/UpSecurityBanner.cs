namespace Ambient.Cli.Commands;

/// <summary>The lines of <c>ambient up --secure</c>'s banner that say how the broker is secured and where the credentials are.</summary>
internal static class UpSecurityBanner
{
    public static void Write(TextWriter output, LocalKafkaUsers users, IEnumerable<string> agents)
    {
        output.WriteLine($"  security {LocalKafkaUsers.SecurityProtocol}, {LocalKafkaUsers.Mechanism}, ACLs from {Path.GetFullPath(users.UsersPath)}, and each worker's derived from its agent file");
        output.WriteLine($"           users        {LocalKafkaUsers.GatewayUser} (gateway), {LocalKafkaUsers.OperatorUser} (topics, CLI), {UpExecutor.User} (executor), "
            + string.Join(", ", agents.Select(a => $"{LocalKafkaUsers.WorkerUser(a)}")));
        output.WriteLine($"           credentials  {Path.GetFullPath(users.CredentialsPath)}   (user:password, mode 0600, new at each start)");
        output.WriteLine($"           operator     {Path.GetFullPath(users.OperatorEnvironmentPath)}   e.g. {users.OperatorCommand("runs list")}");
    }
}
