using Ambient.Executor;
using Ambient.Executor.Execution;
using Ambient.Runtime.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ambient.Cli.Commands;

/// <summary>
/// The executor of <c>ambient up</c>: one host beside the workers, on the same broker, applying the actions they propose
/// (consumer group <c>ambient-executor</c>); with <c>--secure</c> authenticated as its own KafkaUser
/// <c>ambient-executor</c>, as the Deployment in k8s/ and the service of docker-compose.yml run it. Its targets are
/// configured as the executable's are, from appsettings.json and environment variables (<c>Ambient__Executors__GitHub__Mode=apply</c>,
/// <c>Ambient__Executors__GitHub__Token</c>, ...): every target is dry-run unless told otherwise. The agents' MCP servers
/// with effect tools are its <c>mcp:&lt;server&gt;</c> targets (<see cref="UpMcpTargets"/>).
/// </summary>
internal static class UpExecutor
{
    public const string User = "ambient-executor";

    private static readonly string[] s_targets = ["github", "slack", "kubernetes", "email"];

    /// <summary>
    /// The executor's host, not started, and each target's mode (<c>github=dry-run, ...</c>); or the error message: no
    /// KafkaUser for it, an MCP server two agents declare differently, or an invalid executor setting (named by its key).
    /// </summary>
    public static (IHost? Host, string Modes, string? Error) TryBuild(string bootstrapServers, LocalKafkaUsers? users, IReadOnlyList<AgentDefinition> agents)
    {
        var (settings, mcpTargets, mcpError) = UpMcpTargets.From(agents);
        if (mcpError is not null)
        {
            return (null, "", mcpError);
        }

        if (users is not null && !users.Has(User))
        {
            return (null, "", $"the executor has no KafkaUser {User} (scram-sha-512) in {Path.GetFullPath(users.UsersPath)}: add one with the ACLs it needs "
                + "(see strimzi/common/users.yaml), or pass another --users.");
        }

        foreach (var (key, value) in users?.ClientSettings(User) ?? [])
        {
            settings[key] = value;
        }

        settings["Ambient:Kafka:BootstrapServers"] = bootstrapServers;
        settings["Ambient:Kafka:ClientId"] = "executor";
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "ambient" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddAmbientDefaults();
            builder.AddAmbientExecutor();
            // Read as the executor reads them when it starts, so a bad Mode stops `ambient up` before anything runs.
            var modes = string.Join(", ", s_targets.Concat(mcpTargets).Select(target => $"{TargetPolicy.SectionOf(target).ToLowerInvariant()}={(TargetPolicy.Read(builder.Configuration, target).Apply ? TargetPolicy.ApplyMode : TargetPolicy.DryRunMode)}"));
            return (builder.Build(), modes, null);
        }
        catch (InvalidOperationException ex)
        {
            return (null, "", ex.Message);
        }
    }
}
