using System.CommandLine;
using System.Net;
using Ambient.Kafka.Topics;
using Ambient.Broker;
using Ambient.Abstractions.Processing;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka;
using Ambient.Runtime.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient up</c>: Ambient on this machine with embedded defaults and nothing else required: the
/// broker on 127.0.0.1:9092 (data in ./.ambient/), the Ambient topics, and a worker running every agent
/// in ./agents with the offline model unless an agent says otherwise, the executor applying their actions (dry-run unless
/// configured otherwise, <see cref="UpExecutor"/>), and the webhook gateway on
/// 127.0.0.1:8080 with development secrets. With <c>--secure</c> the broker requires SASL and enforces the ACLs of the
/// Strimzi KafkaUsers, and every component connects as its own user (<see cref="LocalKafkaUsers"/>).
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for all local state.", DefaultValueFactory = _ => ".ambient" };
        var agents = new Option<string>("--agents") { Description = "Directory of agent YAML files.", DefaultValueFactory = _ => "agents" };
        var policies = new Option<string>("--policies")
        {
            Description = "Directory of policy YAML files put in force at start (default zones: policies/default.yaml); a missing directory applies none.",
            DefaultValueFactory = _ => "policies",
        };
        var listen = new Option<string>("--listen") { Description = "Address of the embedded broker (host:port).", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var httpPort = new Option<int>("--http-port") { Description = "Port of the webhook gateway on 127.0.0.1.", DefaultValueFactory = _ => 8080 };
        var consolePort = new Option<int>("--console-port") { Description = "Port of the supervisor console on 127.0.0.1 (0: no console).", DefaultValueFactory = _ => 8090 };
        var repairTopics = new Option<bool>("--repair-topics")
        {
            Description = "Repair topics that are not as Ambient needs them where no record is lost, as `ambient topics init --repair` does (e.g. a checkpoints topic auto-created with 1 partition).",
        };
        var secure = new Option<bool>("--secure")
        {
            Description = "SASL (SCRAM-SHA-512) and the ACLs of --users: a new password per KafkaUser in <data-dir>/credentials/, and the gateway, each agent's worker and the topic set-up each as its own user.",
        };
        var users = new Option<string>("--users")
        {
            Description = "With --secure: the Strimzi KafkaUser manifests that give each component its ACLs.",
            DefaultValueFactory = _ => Path.Combine("strimzi", "common", "users.yaml"),
        };
        var command = new Command("up", "Run Ambient locally: embedded broker on 127.0.0.1:9092 (data in ./.ambient/), topics, and a worker for every agent in ./agents.")
        {
            dataDir, agents, policies, listen, httpPort, consolePort, repairTopics, secure, users,
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

            if (parse.GetValue(consolePort) is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync("error: --console-port must be between 1 and 65535, or 0 for no console.");
                return ExitCodes.InvalidArguments;
            }

            if (!parse.GetValue(secure) && parse.GetResult(users) is { Implicit: false })
            {
                await Console.Error.WriteLineAsync("error: --users goes with --secure.");
                return ExitCodes.InvalidArguments;
            }

            PolicySet? policySet = null;
            if (Directory.Exists(parse.GetValue(policies)))
            {
                try
                {
                    policySet = PolicySet.Load(parse.GetValue(policies)!);
                }
                catch (PolicyException ex)
                {
                    await Console.Error.WriteLineAsync($"error: {ex.Message}");
                    return ExitCodes.InvalidArguments;
                }
            }
            else if (parse.GetResult(policies) is { Implicit: false })
            {
                await Console.Error.WriteLineAsync($"error: --policies: no directory at {Path.GetFullPath(parse.GetValue(policies)!)}.");
                return ExitCodes.InvalidArguments;
            }

            return await RunAsync(endpoint, (parse.GetValue(httpPort), parse.GetValue(consolePort)), parse.GetValue(dataDir)!, parse.GetValue(agents)!, policySet, parse.GetValue(repairTopics),
                parse.GetValue(secure) ? parse.GetValue(users) : null, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IPEndPoint listen, (int Http, int Console) ports, string dataDirectory, string agentsDirectory, PolicySet? policies, bool repairTopics,
        string? usersPath, CancellationToken cancellationToken)
    {
        LocalKafkaUsers? users = null;
        if (usersPath is not null)
        {
            (users, var error) = LocalKafkaUsers.TryCreate(usersPath, Path.Combine(dataDirectory, "credentials"), agentsDirectory);
            if (users is null || !users.Has(LocalKafkaUsers.GatewayUser) || !users.Has(LocalKafkaUsers.OperatorUser) || (ports.Console > 0 && !users.Has(LocalKafkaUsers.ConsoleUser)))
            {
                error ??= $"{Path.GetFullPath(usersPath)} needs the scram-sha-512 KafkaUsers {LocalKafkaUsers.GatewayUser}, {LocalKafkaUsers.OperatorUser} and, with a console, {LocalKafkaUsers.ConsoleUser} (the gateway's, the topics' and the console's).";
                await Console.Error.WriteLineAsync($"error: --users: {error}");
                return ExitCodes.InvalidArguments;
            }
        }

        using var loggerFactory = BrokerRunner.CreateLoggerFactory();
        var options = new BrokerOptions { Listen = listen, DataDirectory = Path.Combine(dataDirectory, "broker"), Security = users?.Security };
        var (broker, exitCode) = await BrokerRunner.TryStartAsync(options, loggerFactory);
        if (broker is null)
        {
            return exitCode;
        }

        await using (broker)
        {
            UpWorkers? workers = null;
            if (Directory.Exists(agentsDirectory))
            {
                (workers, var error, var invalid) = UpWorkers.TryBuild(broker.BootstrapServers, agentsDirectory, users);
                if (workers is null)
                {
                    await Console.Error.WriteLineAsync($"error: {error}");
                    return invalid;
                }
            }
            else
            {
                Console.Error.WriteLine($"note: no agents directory at {Path.GetFullPath(agentsDirectory)}; running the broker without a worker.");
            }

            using (workers)
            {
                return await RunComponentsAsync(broker, workers, users, ports, agentsDirectory, policies, repairTopics, cancellationToken);
            }
        }
    }

    /// <summary>Topics, gateway, workers and executor on the started broker, until Ctrl+C.</summary>
    private static async Task<int> RunComponentsAsync(KafkaBroker broker, UpWorkers? workers, LocalKafkaUsers? users, (int Http, int Console) ports, string agentsDirectory,
        PolicySet? policies, bool repairTopics, CancellationToken cancellationToken)
    {
        var topics = await EnsureTopicsAsync(workers?.Setup, cancellationToken);
        if (topics is null)
        {
            return ExitCodes.KafkaError;
        }

        if (workers is not null && await CheckTopicsAsync(workers.Setup, topics, repairTopics, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (workers is not null && policies is not null && !await ApplyPoliciesAsync(workers.Setup, topics, policies, cancellationToken))
        {
            return ExitCodes.KafkaError;
        }

        IHost? executor = null;
        var executorModes = "";
        if (workers is not null)
        {
            (executor, executorModes, var executorError) = UpExecutor.TryBuild(broker.BootstrapServers, users, workers.Agents);
            if (executor is null)
            {
                await Console.Error.WriteLineAsync($"error: {executorError}");
                return ExitCodes.InvalidArguments;
            }
        }

        using var executorHost = executor;
        users?.WriteOperatorEnvironment(broker.BootstrapServers);
        var (gateway, gatewayExit) = await GatewayRunner.TryStartAsync(broker.BootstrapServers, new IPEndPoint(IPAddress.Loopback, ports.Http),
            users?.ClientSettings(LocalKafkaUsers.GatewayUser), cancellationToken);
        if (gateway is null)
        {
            return gatewayExit;
        }

        ConsoleRunner? console = null;
        if (ports.Console > 0)
        {
            (console, var consoleExit) = await ConsoleRunner.TryStartAsync(broker.BootstrapServers, new IPEndPoint(IPAddress.Loopback, ports.Console),
                users?.ClientSettings(LocalKafkaUsers.ConsoleUser), cancellationToken);
            if (console is null)
            {
                await gateway.App.StopAsync(CancellationToken.None);
                await gateway.App.DisposeAsync();
                return consoleExit;
            }
        }

        await using var consoleApp = console?.App;
        await using (gateway.App)
        {
            try
            {
                await (workers?.StartAsync(cancellationToken) ?? Task.CompletedTask);
                await (executor?.StartAsync(cancellationToken) ?? Task.CompletedTask);
            }
            catch (TopicLayoutException ex)
            {
                // The worker's own check (a topic changed since ours): nothing was consumed.
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                await gateway.App.StopAsync(CancellationToken.None);
                return ExitCodes.InvalidTopicLayout;
            }

            Announce(broker, topics, workers, agentsDirectory);
            if (executor is not null)
            {
                Console.Out.WriteLine($"  executor {executorModes}   ledger {topics.ActionResults}, outcomes {topics.ActionEvents}   (Ambient__Executors__<Target>__Mode=apply to apply)");
            }

            if (workers is not null)
            {
                Console.Out.WriteLine(policies is { Documents.Count: > 0 }
                    ? $"  policies {string.Join(", ", policies.Documents.Select(p => p.Name))} in force on {topics.Policy} (ambient policy list|apply|test)"
                    : $"  policies none applied from --policies; everything is allowed until `ambient policy apply`");
            }

            gateway.Announce(Console.Out);
            console?.Announce(Console.Out);
            if (users is not null)
            {
                UpSecurityBanner.Write(Console.Out, users, workers?.Agents.Select(a => a.Name) ?? []);
            }

            Console.Out.WriteLine("Publish an event with `ambient publish` or a signed webhook (see samples/README.md); actions appear on " + topics.Actions + ". Press Ctrl+C to stop.");
            await BrokerRunner.WaitForShutdownAsync(cancellationToken);
            await gateway.App.StopAsync(CancellationToken.None);
            await (console?.App.StopAsync(CancellationToken.None) ?? Task.CompletedTask);
            await (workers?.StopAsync() ?? Task.CompletedTask);
            await (executor?.StopAsync(CancellationToken.None) ?? Task.CompletedTask);
        }

        return ExitCodes.Success;
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

    /// <summary>Puts the policies of --policies in force before any worker starts, so no tool call is judged without them.</summary>
    private static async Task<bool> ApplyPoliciesAsync(IHost setup, AmbientTopics topics, PolicySet policies, CancellationToken cancellationToken)
    {
        try
        {
            var writer = new GovernanceWriter(setup.Services.GetRequiredService<IRecordPublisher>(), topics.Policy);
            foreach (var policy in policies.Documents)
            {
                await writer.ApplyAsync(policy, cancellationToken);
            }

            return true;
        }
        catch (KafkaOperationException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot put the policies in force on {topics.Policy}: {ex.Message}");
            return false;
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

    private static void Announce(KafkaBroker broker, AmbientTopics topics, UpWorkers? workers, string agentsDirectory)
    {
        var output = Console.Out;
        output.WriteLine("Ambient is up.");
        output.WriteLine($"  broker   embedded Kafka protocol   bootstrap.servers={broker.BootstrapServers}   data={Path.GetFullPath(broker.DataDirectory)}");
        output.WriteLine($"  topics   {topics.GitHubEvents}, {topics.SlackEvents}, {topics.ClusterEvents}, {topics.Schedules}, {topics.Actions}, {topics.Audit}, {topics.DeadLetter}");
        if (workers is not null)
        {
            var processes = workers.Hosts.Count == 1 ? "" : ", a worker host each";
            output.WriteLine($"  worker   {workers.Agents.Count} agents from {Path.GetFullPath(agentsDirectory)}{processes}");
            foreach (var agent in workers.Agents)
            {
                var types = string.Join(", ", agent.Subscriptions.SelectMany(s => s.Types.Select(t => $"{s.Topic}:{t}")));
                output.WriteLine($"           {agent.Name,-20} model={agent.Model.Provider,-18} {types}");
            }
        }
    }
}
