using System.Diagnostics;
using System.Text.RegularExpressions;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Ambient.Gateway.Tests;

/// <summary>
/// The production path end to end: real gateways in front of a real worker running the sample <c>github-triage</c>,
/// on topics of the test's own as <c>ambient topics init</c> lays them out, each host exporting its spans to memory.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _gateways = [];
    private readonly List<IHost> _workers = [];
    private readonly string _agentsDirectory;

    private PipelineHarness(string bootstrapServers, AmbientTopics topics, string agent, string agentsDirectory)
    {
        BootstrapServers = bootstrapServers;
        Topics = topics;
        Agent = agent;
        _agentsDirectory = agentsDirectory;
    }

    public string BootstrapServers { get; }

    public AmbientTopics Topics { get; }

    /// <summary>The triage agent's name in this test.</summary>
    public string Agent { get; }

    public List<Activity> GatewaySpans { get; } = [];

    public List<Activity> WorkerSpans { get; } = [];

    public static async Task<PipelineHarness> CreateAsync(string bootstrapServers)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var topics = AmbientTopics.WithPrefix($"p{suffix}.");
        var directory = TestDirectories.Create("agents");
        var yaml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "agents", "github-triage.yaml"));
        await File.WriteAllTextAsync(Path.Combine(directory, "github-triage.yaml"), Regex.Replace(yaml, @"(?m)^name: github-triage\s*$", $"name: github-triage-{suffix}"));
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrapServers }), NullLogger<TopicInitializer>.Instance);
        var agent = $"github-triage-{suffix}";
        var layout = new TopicLayout { EventPartitions = 2, ActionPartitions = 2, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = [agent] };
        await initializer.EnsureTopicsAsync(topics, layout, CancellationToken.None);
        return new PipelineHarness(bootstrapServers, topics, agent, directory);
    }

    /// <summary>One more gateway replica writing to these topics.</summary>
    public async Task<GatewayHarness> StartGatewayAsync()
    {
        var names = new GatewayTopicNames(Topics.GitHubEvents, Topics.SlackEvents, Topics.ClusterEvents, Topics.Unrouted, Topics.CustomEvents) { Custom = Topics.CustomEvents };
        var gateway = await GatewayHarness.StartAsync(BootstrapServers, names, settings =>
        {
            foreach (var (key, value) in Topics.ToSettings())
            {
                settings[key] = value;
            }

            settings.Remove("Ambient:Gateway:AllowedTopics:1");
        }, configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(GatewaySpans)));
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>Starts a worker (AddAmbientDefaults + AddAmbientWorker) running the triage agent.</summary>
    public async Task StartWorkerAsync()
    {
        _workers.Add(await WorkerHosts.StartAsync(BootstrapServers, Topics, _agentsDirectory,
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(WorkerSpans))));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var worker in _workers)
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }
    }
}
