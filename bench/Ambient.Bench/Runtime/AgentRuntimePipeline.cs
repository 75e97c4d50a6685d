using System.Text.RegularExpressions;
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
internal sealed partial class AgentRuntimePipeline(string name, string bootstrapServers, string agentFile, int maxConcurrentRuns,
    IReadOnlyDictionary<string, string?>? settings = null) : IPipeline
{
    /// <summary>Far above what the bench spends (a run estimates 5,768 tokens per event), so the budget never cuts a run short.</summary>
    private const long TokensPerDay = 1_000_000_000_000;

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
    private async Task<string> RewriteAsync(string agentName, CancellationToken cancellationToken)
    {
        var yaml = await File.ReadAllTextAsync(agentFile, cancellationToken);
        yaml = Replace(NamePattern(), yaml, $"name: {agentName}", "name");
        yaml = Replace(ConcurrencyPattern(), yaml, $"maxConcurrentRuns: {maxConcurrentRuns}", "limits.maxConcurrentRuns");
        return Replace(BudgetPattern(), yaml, $"maxTokensPerDay: {TokensPerDay}", "limits.maxTokensPerDay");
    }

    private string Replace(Regex pattern, string yaml, string replacement, string field) =>
        pattern.IsMatch(yaml)
            ? pattern.Replace(yaml, m => m.Groups["indent"].Value + replacement, 1)
            : throw new InvalidOperationException($"{agentFile} has no {field} line to rewrite; the runtime bench expects the shipped github-triage agent.");

    [GeneratedRegex(@"^(?<indent>)name: [a-z0-9-]+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?<indent>[ \t]+)maxConcurrentRuns: \d+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex ConcurrencyPattern();

    [GeneratedRegex(@"^(?<indent>[ \t]+)maxTokensPerDay: \d+[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex BudgetPattern();

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
