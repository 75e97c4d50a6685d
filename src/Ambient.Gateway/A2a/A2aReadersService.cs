using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.A2a;

/// <summary>Runs the A2A bridge's Kafka readers (cards, tasks, replies) while the bridge is enabled.</summary>
internal sealed class A2aReadersService(IOptions<GatewayOptions> options, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.A2a.Enabled)
        {
            return Task.CompletedTask;
        }

        var tables = services.GetRequiredService<A2aTables>();
        return Task.WhenAll(tables.Cards.RunAsync(stoppingToken), tables.Tasks.RunAsync(stoppingToken), tables.Replies.RunAsync(stoppingToken));
    }
}
