using Ambient.Executor;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Supervisor.Tests;

/// <summary>The executor as shipped (AddAmbientExecutor) on the console's topics, dry-run: it records what it would have done.</summary>
internal sealed class SupervisedExecutor : IAsyncDisposable
{
    private readonly IHost _host;

    private SupervisedExecutor(IHost host) => _host = host;

    public static async Task<SupervisedExecutor> StartAsync(KafkaFixture kafka, AmbientTopics topics)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([.. topics.ToSettings(), new("Ambient:Kafka:BootstrapServers", kafka.BootstrapServers)]);
        builder.Logging.ClearProviders();
        builder.AddAmbientExecutor();
        var host = builder.Build();
        await host.StartAsync();
        return new SupervisedExecutor(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
