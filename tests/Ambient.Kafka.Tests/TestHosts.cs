using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ambient.Kafka.Tests;

/// <summary>Real hosts with <c>AddAmbientKafka</c>, configured in memory and pointed at the broker under test.</summary>
internal static class TestHosts
{
    public static IHost Build(KafkaFixture kafka, IDictionary<string, string?>? settings = null, Action<AmbientKafkaOptions>? configure = null) =>
        Build(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Ambient:Kafka:BootstrapServers"] = kafka.BootstrapServers }, configure);

    public static IHost Build(IDictionary<string, string?> settings, Action<AmbientKafkaOptions>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAmbientKafka(configure);
        return builder.Build();
    }
}
