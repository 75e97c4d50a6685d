using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Ambient.Gateway.Configuration;
using Ambient.Kafka.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.A2a;

/// <summary>Registers the A2A bridge's services; they read Kafka only while <c>Ambient:Gateway:A2a:Enabled</c>.</summary>
internal static class A2aServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayA2a(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAmbientAvro(configuration);
        services.TryAddSingleton(provider => new A2aTables(
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value,
            provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            provider.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value,
            provider.GetRequiredService<AvroRecordCodec<A2aAgentCard>>(),
            provider.GetRequiredService<AvroRecordCodec<A2aTask>>(),
            provider.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>(),
            provider.GetRequiredService<AvroRecordCodec<A2aArtifactUpdate>>(),
            provider.GetRequiredService<AvroRecordCodec<A2aMessage>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<A2aTables>>()));
        services.TryAddSingleton(provider => new A2aBridge(
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value,
            provider.GetRequiredService<IOptions<AmbientTopics>>().Value,
            provider.GetRequiredService<IRecordPublisher>(),
            provider.GetRequiredService<AvroRecordCodec<A2aMessage>>(),
            provider.GetRequiredService<AvroRecordCodec<A2aTask>>(),
            provider.GetRequiredService<A2aTables>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<A2aBridge>>()));
        services.AddHostedService<A2aReadersService>();
        return services;
    }
}
