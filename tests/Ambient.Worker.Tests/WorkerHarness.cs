using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Runs;
using Ambient.Runtime.Tools;
using Ambient.Testing;
using Ambient.Worker.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ambient.Worker.Topics;

namespace Ambient.Worker.Tests;

/// <summary>
/// A real worker host (AddAmbientDefaults + AddAmbientWorker) on the test broker, with topics and
/// agent names unique to the test so tests sharing the broker never see each other's records.
/// </summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private WorkerHarness(KafkaFixture kafka, AmbientTopics topics, string agentsDirectory, string suffix)
    {
        Kafka = kafka;
        Topics = topics;
        AgentsDirectory = agentsDirectory;
        Suffix = suffix;
    }

    public KafkaFixture Kafka { get; }

    public AmbientTopics Topics { get; }

    public string AgentsDirectory { get; }

    /// <summary>Appended to agent names, so consumer groups are unique to the test.</summary>
    public string Suffix { get; }

    /// <summary>Creates the test's topics and writes its agent files (each <c>name: x</c> becomes <c>name: x-suffix</c>).</summary>
    public static Task<WorkerHarness> CreateAsync(KafkaFixture kafka, params (string File, string Yaml)[] agents) =>
        CreateAsync(kafka, Guid.NewGuid().ToString("N")[..8], agents);

    /// <summary>As the overload above, with a given suffix: the same topic and agent names on another broker.</summary>
    public static async Task<WorkerHarness> CreateAsync(KafkaFixture kafka, string suffix, params (string File, string Yaml)[] agents)
    {
        var topics = AmbientTopics.WithPrefix($"t{suffix}.");
        var directory = TestDirectories.Create("agents");
        var names = new List<string>();
        foreach (var (file, yaml) in agents)
        {
            // Agent names, and the agents a delegate call names, get the test's suffix.
            var renamed = System.Text.RegularExpressions.Regex.Replace(yaml, @"(?m)^name: ([a-z0-9-]+)\s*$", $"name: $1-{suffix}");
            renamed = System.Text.RegularExpressions.Regex.Replace(renamed, @"(?m)^(\s+agent: )([a-z0-9-]+)\s*$", $"$1$2-{suffix}");
            names.Add(System.Text.RegularExpressions.Regex.Match(renamed, @"(?m)^name: ([a-z0-9-]+)\s*$").Groups[1].Value);
            await File.WriteAllTextAsync(Path.Combine(directory, file), renamed);
        }

        var layout = new TopicLayout { EventPartitions = 3, ActionPartitions = 3, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = names };
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, layout, CancellationToken.None);
        return new WorkerHarness(kafka, topics, directory, suffix);
    }

    /// <summary>A shipped sample agent file from agents/.</summary>
    public static (string File, string Yaml) SampleAgent(string name) =>
        ($"{name}.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "agents", $"{name}.yaml")));

    public string AgentName(string name) => $"{name}-{Suffix}";

    /// <summary>
    /// A runner for one of the harness's agents as <paramref name="worker"/> would build it, outside its consumer (for
    /// replays, direct calls): optionally from an edited agent file, over another checkpoint log or publisher.
    /// </summary>
    public AgentRunner Runner(IHost worker, string file, Func<string, string>? edit = null, ICheckpointLog? log = null, IRecordPublisher? publisher = null)
    {
        var path = Path.Combine(AgentsDirectory, file);
        var yaml = (edit ?? (y => y))(File.ReadAllText(path));
        var agent = AgentCatalog.FromFiles([(path, yaml)], Topics.ForRuns(), worker.Services.GetRequiredService<ToolRegistry>().Names).Agents.Single();
        return AgentRunner.Create(agent, new ChatModelFactory().Create(agent.Model, agent.OfflineRules), worker.Services.GetRequiredService<AgentToolboxFactory>().Create(agent), publisher ?? worker.Services.GetRequiredService<IRecordPublisher>(),
            worker.Services.GetRequiredService<RecordFactory>(), Topics.ForRuns(), new TokenBudget(TimeProvider.System), log ?? worker.Services.GetRequiredService<ICheckpointLog>(),
            new CheckpointOptions(), TimeProvider.System, NullLoggerFactory.Instance);
    }

    /// <summary>
    /// Settings for a worker whose agents directory holds only <paramref name="file"/>, one of the harness's agent files (as
    /// the operator mounts one agent's file per worker): start it with <see cref="StartWorkerAsync"/>.
    /// </summary>
    public Dictionary<string, string?> OnlyAgentFile(string file)
    {
        var directory = TestDirectories.Create("agents");
        File.Copy(Path.Combine(AgentsDirectory, file), Path.Combine(directory, file));
        return new() { ["Ambient:Worker:AgentsDirectory"] = directory };
    }

    /// <summary>The configuration a worker of this harness runs with (topics, broker, agents, fast retries).</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Ambient:Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["Ambient:Worker:AgentsDirectory"] = AgentsDirectory,
            ["Ambient:Consumer:RetryDelay"] = "00:00:00.050",
            ["Ambient:Consumer:DrainTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in Topics.ToSettings())
        {
            settings[key] = value!;
        }

        return settings;
    }

    /// <summary>Starts one more worker process-equivalent (a host) over the same agents, or as <paramref name="settings"/> say.</summary>
    public async Task<IHost> StartWorkerAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings().ToDictionary(s => s.Key, s => (string?)s.Value));
        // Budgets counted in this process unless a test asks for the ledger: a test process starts many workers, and a test of
        // something else need not start a ledger processor for each. Worker processes (WorkerProcess) run as shipped, with the ledger.
        builder.Configuration.AddInMemoryCollection([new("Ambient:Budgets:Shared", "false")]);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddAmbientDefaults();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("AMBIENT_TEST_LOG") is not null)
        {
            // Debugging a worker test: AMBIENT_TEST_LOG=1 dotnet test ... --logger "console;verbosity=detailed".
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddAmbientWorker();
        var host = builder.Build();
        _hosts.Add(host); // stopped and disposed with the harness, also when it fails to start
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
