using Ambient.Abstractions.Tools;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;
using Ambient.Worker.Inventory;
using Ambient.Worker.Topics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// What <c>ambient agents</c> shows: the agent files of a directory, each under the policies in force on the governance
/// topic (or in policy files), with the tools a worker of <c>ambient up</c> has (built-in and read tools, and the agents'
/// MCP servers).
/// </summary>
internal static class AgentInventories
{
    /// <summary>
    /// The inventories of every agent in the directory, or of the one named <paramref name="only"/>, and where their policies
    /// came from; null and the exit code after printing why not.
    /// </summary>
    public static async Task<(IReadOnlyList<AgentInventory>? Agents, string PolicySource, int ExitCode)> LoadAsync(
        AgentsArguments arguments, string? only, CancellationToken cancellationToken)
    {
        IReadOnlyList<AgentDefinition> agents;
        try
        {
            // The topic names of Ambient__Topics__*, as the worker maps subscriptions. Tools are not checked: a team's own
            // worker may have more than this process knows, and those show with an unknown kind.
            agents = AgentCatalog.Load(arguments.Agents.ToString(), TopicsFromEnvironment().ForRuns(), knownTools: null).Agents;
        }
        catch (AgentDefinitionException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, string.Empty, ExitCodes.InvalidAgents);
        }

        if (only is not null && agents.All(agent => agent.Name != only))
        {
            var names = string.Join(", ", agents.Select(agent => agent.Name).DefaultIfEmpty("none"));
            await Console.Error.WriteLineAsync($"error: no agent named '{only}' in {arguments.Agents} (it has: {names}).");
            return (null, string.Empty, ExitCodes.InvalidArguments);
        }

        var (policies, source, exitCode) = arguments.Policies is { } directory
            ? await FromFilesAsync(directory)
            : await FromTopicAsync(arguments.Bootstrap, arguments.TimeoutMs, cancellationToken);
        if (policies is null)
        {
            return (null, string.Empty, exitCode);
        }

        var tools = WorkerTools();
        return ([.. agents.Where(agent => only is null || agent.Name == only).Select(agent => AgentInventory.Of(agent, tools, policies))], $"{source} (policy set version {policies.Version})", ExitCodes.Success);
    }

    private static async Task<(PolicySet? Policies, string Source, int ExitCode)> FromFilesAsync(DirectoryInfo directory)
    {
        try
        {
            return (PolicySet.Load(directory.ToString()), $"the policy files in {directory}", ExitCodes.Success);
        }
        catch (PolicyException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, string.Empty, ExitCodes.InvalidArguments);
        }
    }

    private static async Task<(PolicySet? Policies, string Source, int ExitCode)> FromTopicAsync(string bootstrap, int timeoutMs, CancellationToken cancellationToken)
    {
        PolicySet? policies = null;
        var topic = string.Empty;
        var exitCode = await KafkaConnection.WithHostAsync(bootstrap, timeoutMs, async host =>
        {
            topic = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.Policy;
            try
            {
                policies = (await GovernanceReader.ReadAsync(host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value, topic, cancellationToken)).Policies;
                return ExitCodes.Success;
            }
            catch (KafkaException ex)
            {
                // The reader's metadata request to a broker that is not there: reported as every command reports Kafka errors.
                return await KafkaConnection.ReportAsync(new KafkaOperationException($"Could not read {topic} at {bootstrap}: {ex.Error.Reason}", ex), bootstrap);
            }
        });
        if (policies is null)
        {
            // Zones and risk tiers without the policies in force would be guesses: say where else they can come from.
            await Console.Error.WriteLineAsync("The zones come from the policies in force; to read policy files instead, pass --policies DIR (e.g. --policies policies).");
        }

        return (policies, $"the policies in force on {topic} at {bootstrap}", exitCode);
    }

    // The tools of a worker of `ambient up`: the runtime's own and the built-in read tools (MCP tools' kinds are in the agent
    // files). Only their descriptors are read, so disposing their clients with the provider takes nothing away.
    internal static ToolRegistry WorkerTools()
    {
        using var services = new ServiceCollection().AddAmbientReadTools(new ConfigurationBuilder().Build()).BuildServiceProvider();
        return new ToolRegistry(services.GetServices<IAmbientTool>());
    }

    internal static AmbientTopics TopicsFromEnvironment() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(AmbientTopics.SectionName).Get<AmbientTopics>() ?? new AmbientTopics();
}
