using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Topics;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing.Workers;

/// <summary>
/// A real worker host running the sample github-triage agent (agents/github-triage.yaml, copied beside the tests) on a
/// test's topics, and a way to publish it the sample issue (samples/events/github-issue-opened.json). Under another
/// <c>name</c> the agent has a consumer group of the test's own.
/// </summary>
public sealed class TriageWorker : IAsyncDisposable
{
    /// <summary>The sample agent's name.</summary>
    public const string SampleName = "github-triage";

    private TriageWorker(IHost host) => Host = host;

    public IHost Host { get; }

    public static async Task<TriageWorker> StartAsync(KafkaFixture kafka, AmbientTopics topics, string name = SampleName)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(topics);
        var agents = TestDirectories.Create("triage-agents");
        var file = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "agents", $"{SampleName}.yaml"));
        await File.WriteAllTextAsync(Path.Combine(agents, $"{name}.yaml"), file.Replace($"name: {SampleName}", $"name: {name}", StringComparison.Ordinal));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([.. topics.ToSettings(),
            new("Ambient:Kafka:BootstrapServers", kafka.BootstrapServers),
            new("Ambient:Worker:AgentsDirectory", agents),
            // Counted in this process: a test need not start a budget ledger.
            new("Ambient:Budgets:Shared", "false")]);
        builder.AddAmbientDefaults();
        builder.Logging.ClearProviders();
        builder.AddAmbientWorker();
        var host = builder.Build();
        await host.StartAsync();
        return new TriageWorker(host);
    }

    /// <summary>Publishes the sample issue as <c>ambient publish</c> would (ingress cli, which the agent accepts).</summary>
    /// <summary>The trace the published issue carries in its <c>traceparent</c> header, as the gateway's would.</summary>
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    public static async Task PublishIssueAsync(KafkaFixture kafka, AmbientTopics topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(topics);
        var data = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json"), cancellationToken);
        var issue = new AmbientEvent(Guid.NewGuid().ToString(), "https://github.com/acme/shop", "com.github.issues.opened", "acme/shop#42", TimeProvider.System.GetUtcNow(),
            "application/json", data) { Ingress = IngressKinds.Cli };
        var record = CloudEventKafkaBinding.ToOutgoingRecord(issue, topics.GitHubEvents, "github:acme/shop#42");
        var headers = new Headers { { "traceparent", System.Text.Encoding.UTF8.GetBytes($"00-{TraceId}-00f067aa0ba902b7-01") } };
        foreach (var (name, value) in record.Headers)
        {
            headers.Add(name, System.Text.Encoding.UTF8.GetBytes(value));
        }

        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(record.Topic, new Message<string?, byte[]> { Key = record.Key, Value = record.Value.ToArray(), Headers = headers }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}
