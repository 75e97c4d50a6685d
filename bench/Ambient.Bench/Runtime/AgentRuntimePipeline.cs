using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Bench.Runtime;

/// <summary>
/// The agent runtime side: one worker host in this process, composed as the worker's <c>Program.cs</c> composes it
/// (<c>AddAmbientDefaults</c> + <c>AddAmbientWorker</c>), running a copy of <c>agents/github-triage.yaml</c> with the
/// offline model. Each run gets a renamed agent (so a new consumer group) and its own actions, audit and dead-letter
/// topics, created with the default layout (actions 6 partitions, audit 3). The run is complete when every event's
/// audit record is on the audit topic: the runner writes it after the event's actions were acknowledged.
/// </summary>
internal sealed class AgentRuntimePipeline(string name, string bootstrapServers, string agentFile, int maxConcurrentRuns,
    IReadOnlyDictionary<string, string?>? settings = null) : IPipeline
{
    public string Name => name;

    public async Task<PreparedRun> PrepareAsync(string eventsTopic, int events, string runId, CancellationToken cancellationToken)
    {
        var topics = AmbientTopics.WithPrefix($"{runId}.");
        topics.GitHubEvents = eventsTopic;
        var agentName = $"github-triage-{runId}";
        var kafka = Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrapServers });
        var created = await new TopicInitializer(kafka, NullLogger<TopicInitializer>.Instance)
            .EnsureTopicsAsync(topics, new TopicLayout { Agents = [agentName] }, cancellationToken);

        var directory = Directory.CreateTempSubdirectory("ambient-bench-agents-");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "github-triage.yaml"), await RewriteAsync(agentName, cancellationToken), cancellationToken);

        var configuration = new Dictionary<string, string?>
        {
            ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
            ["Ambient:Worker:AgentsDirectory"] = directory.FullName,
            // Measured as before the shared budget ledger was the default, so the ratios in docs/benchmarks.md compare;
            // the ledger's cost per event is for the performance issue to measure.
            ["Ambient:Budgets:Shared"] = "false",
        };
        foreach (var (key, value) in topics.ToSettings().Concat(settings ?? new Dictionary<string, string?>()))
        {
            configuration[key] = value;
        }

        // github-triage's documentation-fix rule, which every bench event matches, proposes three actions; one audit record follows.
        return new PreparedRun($"ambient-agent-{agentName}", [topics.Audit], events, events * 4L, topics.Actions, [.. created.Where(t => t != eventsTopic)],
            async token => await StartAsync(configuration, directory, token))
        {
            CountedTopics = [topics.Actions, topics.Audit, topics.DeadLetter, topics.ShadowActions],
        };
    }

    private static async Task<IAsyncDisposable> StartAsync(Dictionary<string, string?> configuration, DirectoryInfo agents, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        // As the real worker: Ambient__* environment variables (e.g. Ambient__Kafka__Producer__linger.ms) apply to every runtime side.
        builder.Configuration.AddEnvironmentVariables();
        builder.AddAmbientDefaults();

        // One Information line per run would put 20,000 lines on the console; warnings and errors still show.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAmbientWorker();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new RunningHost(host, agents);
    }

    /// <summary>The shipped agent file under a new name, with the two limits a throughput run needs raised.</summary>
    private async Task<string> RewriteAsync(string agentName, CancellationToken cancellationToken) =>
        TriageAgentFile.Rewrite(await File.ReadAllTextAsync(agentFile, cancellationToken), agentFile, agentName, maxConcurrentRuns);

    /// <summary>Stops the worker (its consumer commits and closes, its producer flushes) and removes the agent files.</summary>
    private sealed class RunningHost(IHost host, DirectoryInfo agents) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
            agents.Delete(recursive: true);
        }
    }
}
