using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Supervisor.Tests;

/// <summary>A real worker host running the sample github-triage agent on the console's topics, and a way to publish it an issue.</summary>
internal sealed class SupervisedWorker : IAsyncDisposable
{
    private SupervisedWorker(IHost host) => Host = host;

    public IHost Host { get; }

    public static async Task<SupervisedWorker> StartAsync(KafkaFixture kafka, AmbientTopics topics)
    {
        var agents = TestDirectories.Create("console-agents");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "agents", "github-triage.yaml"), Path.Combine(agents, "github-triage.yaml"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([.. topics.ToSettings(),
            new("Ambient:Kafka:BootstrapServers", kafka.BootstrapServers),
            new("Ambient:Worker:AgentsDirectory", agents),
            // Counted in this process: a test of the console need not start a budget ledger.
            new("Ambient:Budgets:Shared", "false")]);
        builder.AddAmbientDefaults();
        builder.Logging.ClearProviders();
        builder.AddAmbientWorker();
        var host = builder.Build();
        await host.StartAsync();
        return new SupervisedWorker(host);
    }

    /// <summary>Publishes the sample issue as <c>ambient publish</c> would (ingress cli, which the agent accepts).</summary>
    /// <summary>The trace the published issue carries in its <c>traceparent</c> header, as the gateway's would.</summary>
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    public static async Task PublishIssueAsync(KafkaFixture kafka, AmbientTopics topics, CancellationToken cancellationToken)
    {
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
