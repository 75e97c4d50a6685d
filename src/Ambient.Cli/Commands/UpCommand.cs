using System.CommandLine;
using System.Net;
using Ambient.Abstractions.Topics;
using Ambient.Broker;
using Ambient.Kafka;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient up</c>: Ambient on this machine with embedded defaults and nothing else required: the
/// broker on 127.0.0.1:9092 (data in ./.ambient/), the Ambient topics, and a worker running every agent
/// in ./agents with the offline model unless an agent says otherwise, and the webhook gateway on
/// 127.0.0.1:8080 with development secrets.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for all local state.", DefaultValueFactory = _ => ".ambient" };
        var agents = new Option<string>("--agents") { Description = "Directory of agent YAML files.", DefaultValueFactory = _ => "agents" };
        var listen = new Option<string>("--listen") { Description = "Address of the embedded broker (host:port).", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the webhook gateway on 127.0.0.1.", DefaultValueFactory = _ => 8080 };
        var repairTopics = new Option<bool>("--repair-topics")
        {
            Description = "Repair topics that are not as Ambient needs them where no record is lost, as `ambient topics init --repair` does (e.g. a checkpoints topic auto-created with 1 partition).",
        };
        var command = new Command("up", "Run Ambient locally: embedded broker on 127.0.0.1:9092 (data in ./.ambient/), topics, and a worker for every agent in ./agents.")
        {
            dataDir, agents, listen, httpPort, repairTopics,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!ListenAddress.TryParse(parse.GetValue(listen)!, out var endpoint, out var error))
            {
                await Console.Error.WriteLineAsync($"error: --listen: {error}");
                return ExitCodes.InvalidArguments;
            }

            if (parse.GetValue(httpPort) is not (> 0 and <= 65535))
            {
                await Console.Error.WriteLineAsync("error: --http-port must be between 1 and 65535.");
                return ExitCodes.InvalidArguments;
            }

            return await RunAsync(endpoint, parse.GetValue(httpPort), parse.GetValue(dataDir)!, parse.GetValue(agents)!, parse.GetValue(repairTopics), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IPEndPoint listen, int httpPort, string dataDirectory, string agentsDirectory, bool repairTopics, CancellationToken cancellationToken)
    {
        using var loggerFactory = BrokerRunner.CreateLoggerFactory();
        var options = new BrokerOptions { Listen = listen, DataDirectory = Path.Combine(dataDirectory, "broker") };
        var (broker, exitCode) = await BrokerRunner.TryStartAsync(options, loggerFactory);
        if (broker is null)
        {
            return exitCode;
        }

        await using (broker)
        {
            IHost? worker;
            try
            {
                worker = BuildWorker(broker.BootstrapServers, agentsDirectory);
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }

            using (worker)
            {
                var topics = await EnsureTopicsAsync(worker, cancellationToken);
                if (topics is null)
                {
                    return ExitCodes.KafkaError;
                }

                if (worker is not null && await CheckTopicsAsync(worker, topics, repairTopics, cancellationToken) is { } invalid)
                {
                    return invalid;
                }

                var (gateway, gatewayExit) = await GatewayRunner.TryStartAsync(broker.BootstrapServers, new IPEndPoint(IPAddress.Loopback, httpPort), null, cancellationToken);
                if (gateway is null)
                {
                    return gatewayExit;
                }

                await using (gateway.App)
                {
                    try
                    {
                        await (worker?.StartAsync(cancellationToken) ?? Task.CompletedTask);
                    }
                    catch (TopicLayoutException ex)
                    {
                        // The worker's own check (a topic changed since ours): nothing was consumed.
                        await Console.Error.WriteLineAsync($"error: {ex.Message}");
                        await gateway.App.StopAsync(CancellationToken.None);
                        return ExitCodes.InvalidTopicLayout;
                    }

                    Announce(broker, topics, worker, agentsDirectory);
                    gateway.Announce(Console.Out);
                    Console.Out.WriteLine("Publish an event with `ambient publish` or a signed webhook (see samples/README.md); actions appear on " + topics.Actions + ". Press Ctrl+C to stop.");
                    await BrokerRunner.WaitForShutdownAsync(cancellationToken);
                    await gateway.App.StopAsync(CancellationToken.None);
                    await (worker?.StopAsync(CancellationToken.None) ?? Task.CompletedTask);
                }
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>The worker host, or null (with a note) when there is no agents directory to run.</summary>
    private static IHost? BuildWorker(string bootstrapServers, string agentsDirectory)
    {
        if (!Directory.Exists(agentsDirectory))
        {
            Console.Error.WriteLine($"note: no agents directory at {Path.GetFullPath(agentsDirectory)}; running the broker without a worker.");
            return null;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "ambient" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
            ["Ambient:Worker:AgentsDirectory"] = agentsDirectory,
            ["Ambient:Schedules:WeeklyDigest:Enabled"] = "true", // this is the one process with the schedule
        });
        builder.AddAmbientDefaults();
        builder.AddAmbientWorker();
        return builder.Build();
    }

    private static async Task<AmbientTopics?> EnsureTopicsAsync(IHost? worker, CancellationToken cancellationToken)
    {
        if (worker is null)
        {
            return new AmbientTopics();
        }

        var topics = worker.Services.GetRequiredService<IOptions<AmbientTopics>>().Value;
        try
        {
            var layout = new TopicLayout { Agents = [.. worker.Services.GetRequiredService<AgentCatalog>().Agents.Select(a => a.Name)] };
            await worker.Services.GetRequiredService<TopicInitializer>().EnsureTopicsAsync(topics, layout, cancellationToken);
            return topics;
        }
        catch (KafkaOperationException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot create the Ambient topics: {ex.Message}");
            return null;
        }
    }

    /// <summary>The topics as the worker needs them, repaired with --repair-topics; an exit code when they are not.</summary>
    private static async Task<int?> CheckTopicsAsync(IHost worker, AmbientTopics topics, bool repair, CancellationToken cancellationToken)
    {
        var layout = new TopicLayout { Agents = [.. worker.Services.GetRequiredService<AgentCatalog>().Agents.Select(a => a.Name)] };
        try
        {
            return await TopicLayoutChecks.CheckAsync(worker.Services, TopicRequirements.All(topics, layout), repair, "ambient up --repair-topics", cancellationToken);
        }
        catch (KafkaOperationException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot check the Ambient topics: {ex.Message}");
            return ExitCodes.KafkaError;
        }
    }

    private static void Announce(KafkaBroker broker, AmbientTopics topics, IHost? worker, string agentsDirectory)
    {
        var output = Console.Out;
        output.WriteLine("Ambient is up.");
        output.WriteLine($"  broker   embedded Kafka protocol   bootstrap.servers={broker.BootstrapServers}   data={Path.GetFullPath(broker.DataDirectory)}");
        output.WriteLine($"  topics   {topics.GitHubEvents}, {topics.SlackEvents}, {topics.ClusterEvents}, {topics.Schedules}, {topics.Actions}, {topics.Audit}, {topics.DeadLetter}");
        if (worker?.Services.GetRequiredService<AgentCatalog>() is { } catalog)
        {
            output.WriteLine($"  worker   {catalog.Agents.Count} agents from {Path.GetFullPath(agentsDirectory)}");
            foreach (var agent in catalog.Agents)
            {
                var types = string.Join(", ", agent.Subscriptions.SelectMany(s => s.Types.Select(t => $"{s.Topic}:{t}")));
                output.WriteLine($"           {agent.Name,-20} model={agent.Model.Provider,-18} {types}");
            }
        }

    }
}
