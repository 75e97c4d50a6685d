using System.CommandLine;
using Ambient.Kafka.Topics;
using Ambient.Kafka;
using Ambient.Runtime.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient topics init</c>: creates the Ambient topics that are missing, with the default layout.</summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        var bootstrap = KafkaConnection.BootstrapOption();
        var timeout = KafkaConnection.TimeoutOption();
        var agentsDirectory = new Option<DirectoryInfo>("--agents")
        {
            Description = "Directory of agent files whose A2A inboxes (ambient.a2a.<agent>) to create; skipped when it does not exist.",
            DefaultValueFactory = _ => new DirectoryInfo("agents"),
        };
        var repair = new Option<bool>("--repair")
        {
            Description = "Also repair topics that are not as Ambient needs them, where no record is lost: recreate an empty one (e.g. a checkpoints topic Kafka auto-created with 1 partition), "
                + "add partitions to a checkpoints or A2A replies topic, set cleanup.policy. Input topics never get partitions added. Run it with the workers stopped.",
        };
        var init = new Command("init", "Create every Ambient topic that does not exist yet (names from Ambient__Topics__* variables), then check them as a worker needs them "
            + "(exit 7 naming each topic at fault); existing topics are changed only with --repair.")
        {
            bootstrap, timeout, agentsDirectory, repair,
        };
        init.SetAction(async (parse, cancellationToken) =>
        {
            var servers = parse.GetValue(bootstrap)!;
            using var host = await KafkaConnection.TryBuildHostAsync(servers, parse.GetValue(timeout));
            if (host is null)
            {
                return ExitCodes.InvalidArguments;
            }

            var topics = host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;
            var directory = parse.GetValue(agentsDirectory)!;
            TopicLayout plan;
            try
            {
                plan = new TopicLayout { Agents = directory.Exists ? [.. AgentCatalog.Load(directory.FullName, topics.ForRuns(), knownTools: null).Agents.Select(a => a.Name)] : [] };
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidArguments;
            }

            IReadOnlyList<string> created;
            try
            {
                created = await host.Services.GetRequiredService<TopicInitializer>().EnsureTopicsAsync(topics, plan, cancellationToken);
            }
            catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
            {
                return await KafkaConnection.ReportAsync(ex, servers);
            }

            int? invalid;
            try
            {
                var repairCommand = $"ambient topics init --repair --bootstrap {servers}{(directory.Exists ? $" --agents {directory}" : string.Empty)}";
                invalid = await TopicLayoutChecks.CheckAsync(host.Services, TopicRequirements.All(topics, plan), parse.GetValue(repair), repairCommand, cancellationToken);
            }
            catch (KafkaOperationException ex)
            {
                return await KafkaConnection.ReportAsync(ex, servers);
            }

            if (invalid is { } exitCode)
            {
                return exitCode;
            }

            var layout = plan.Describe(topics).DistinctBy(topic => topic.Name).ToList();
            foreach (var topic in layout)
            {
                await Console.Out.WriteLineAsync(created.Contains(topic.Name)
                    ? $"created  {topic.Name} ({topic.Partitions} partition{(topic.Partitions == 1 ? string.Empty : "s")})"
                    : $"present  {topic.Name}");
            }

            await Console.Out.WriteLineAsync($"{created.Count} created, {layout.Count - created.Count} already present at {servers}.");
            return ExitCodes.Success;
        });
        return new Command("topics", "Manage Ambient's Kafka topics.") { init };
    }
}
