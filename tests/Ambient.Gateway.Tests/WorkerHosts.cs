using Ambient.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.Gateway.Tests;

/// <summary>A real worker (AddAmbientDefaults + AddAmbientWorker) behind the gateway under test, as its Program builds it.</summary>
internal static class WorkerHosts
{
    public static async Task<IHost> StartAsync(string bootstrapServers, AmbientTopics topics, string agentsDirectory, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(topics.ToSettings())
        {
            ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
            ["Ambient:Worker:AgentsDirectory"] = agentsDirectory,
            ["Ambient:Consumer:RetryDelay"] = "00:00:00.050",
            ["Ambient:Consumer:DrainTimeout"] = "00:00:05",
            // Budgets counted in this process, as the worker tests' in-process hosts do (docs/governance.md#in-the-worker).
            ["Ambient:Budgets:Shared"] = "false",
        });
        builder.AddAmbientDefaults();
        builder.Logging.ClearProviders();
        configure?.Invoke(builder.Services);
        builder.AddAmbientWorker();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }
}
