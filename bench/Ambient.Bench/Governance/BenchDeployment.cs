using Ambient.Abstractions.Processing;
using Ambient.Bench.Runtime;
using Ambient.Executor;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Bench.Governance;

/// <summary>
/// One measurement's deployment on the bench's broker: a topic set of its own (default layout, prefix <c>g&lt;name&gt;.</c>),
/// a copy of <c>agents/github-triage.yaml</c> renamed for it (so consumer groups are its own), the governance topic's
/// writer, and the hosts it starts: workers composed as the worker's <c>Program.cs</c> composes them
/// (<c>AddAmbientDefaults</c> + <c>AddAmbientWorker</c>) and the executor as shipped (<c>AddAmbientExecutor</c>), all in
/// this process. Disposing stops the hosts (last started first) and removes the agent file.
/// </summary>
internal sealed class BenchDeployment : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];
    private readonly DirectoryInfo _agents;
    private readonly KafkaRecordPublisher _publisher;

    private BenchDeployment(string bootstrap, AmbientTopics topics, string agentName, DirectoryInfo agents)
    {
        Bootstrap = bootstrap;
        Topics = topics;
        AgentName = agentName;
        _agents = agents;
        Kafka = new AmbientKafkaOptions { BootstrapServers = bootstrap };
        _publisher = new KafkaRecordPublisher(Options.Create(Kafka), NullLogger<KafkaRecordPublisher>.Instance);
        Governance = new GovernanceWriter(_publisher, topics.Policy);
    }

    public string Bootstrap { get; }

    public AmbientKafkaOptions Kafka { get; }

    public AmbientTopics Topics { get; }

    public string AgentName { get; }

    /// <summary>Writes the governance topic as <c>ambient policy apply</c> and <c>ambient pause|resume</c> do.</summary>
    public GovernanceWriter Governance { get; }

    /// <summary>A publisher that waits for each acknowledgement (what the CLI's writers use).</summary>
    public IRecordPublisher Publisher => _publisher;

    /// <summary>Creates the topics and writes the agent file; <paramref name="maxConcurrentRuns"/> null keeps the shipped limit (4).</summary>
    public static async Task<BenchDeployment> CreateAsync(string bootstrap, string agentFile, string name, int? maxConcurrentRuns, CancellationToken cancellationToken)
    {
        var topics = AmbientTopics.WithPrefix($"g{name}.");
        var agentName = $"github-triage-{name}";
        var kafka = Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrap });
        await new TopicInitializer(kafka, NullLogger<TopicInitializer>.Instance).EnsureTopicsAsync(topics, new TopicLayout { Agents = [agentName] }, cancellationToken);
        var agents = Directory.CreateTempSubdirectory("ambient-bench-agents-");
        var yaml = TriageAgentFile.Rewrite(await File.ReadAllTextAsync(agentFile, cancellationToken), agentFile, agentName, maxConcurrentRuns);
        await File.WriteAllTextAsync(Path.Combine(agents.FullName, "github-triage.yaml"), yaml, cancellationToken);
        return new BenchDeployment(bootstrap, topics, agentName, agents);
    }

    /// <summary>Puts a policy in force, as <c>ambient policy apply -f</c> does.</summary>
    public Task ApplyPolicyAsync(string yaml, CancellationToken cancellationToken) =>
        Governance.ApplyAsync(PolicyReader.Read("policies/bench.yaml", yaml), cancellationToken);

    /// <summary>One more worker over the deployment's agent (a replica: same consumer group).</summary>
    public Task<IHost> StartWorkerAsync(CancellationToken cancellationToken) => StartAsync(builder =>
    {
        builder.Configuration.AddInMemoryCollection([new("Ambient:Worker:AgentsDirectory", _agents.FullName)]);
        builder.AddAmbientDefaults();
        builder.AddAmbientWorker();
    }, cancellationToken);

    /// <summary>The executor, applying GitHub actions against <paramref name="gitHubUrl"/>.</summary>
    public Task<IHost> StartExecutorAsync(string gitHubUrl, CancellationToken cancellationToken) => StartAsync(builder =>
    {
        builder.Configuration.AddInMemoryCollection([
            new("Ambient:Executors:GitHub:BaseUrl", gitHubUrl),
            new("Ambient:Executors:GitHub:Token", "ghs_bench"),
            new("Ambient:Executors:GitHub:Mode", "apply")]);
        builder.AddAmbientExecutor();
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].StopAsync(CancellationToken.None);
            _hosts[i].Dispose();
        }

        _publisher.Dispose();
        _agents.Delete(recursive: true);
    }

    private async Task<IHost> StartAsync(Action<HostApplicationBuilder> compose, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([
            new("Ambient:Kafka:BootstrapServers", Bootstrap),
            // Several workers in this one process: budgets counted in each, as before the ledger was the default (Streamiz
            // processors in one process stalled each other, docs/governance.md#in-the-worker).
            new("Ambient:Budgets:Shared", "false"),
            .. Topics.ToSettings()]);
        // As the real hosts: Ambient__* environment variables apply (e.g. Ambient__Kafka__Producer__linger.ms).
        builder.Configuration.AddEnvironmentVariables();
        compose(builder);
        // One Information line per run would flood the console; warnings and errors still show (all with AMBIENT_BENCH_LOG=1).
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("AMBIENT_BENCH_LOG") is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Information).AddSimpleConsole(o => o.SingleLine = true);
        }
        var host = builder.Build();
        _hosts.Add(host); // stopped with the deployment, also when it fails to start
        await host.StartAsync(cancellationToken);
        return host;
    }
}
