using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Producers;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Tests;

public sealed class AmbientKafkaOptionsTests(KafkaFixture kafka)
{
    [Fact]
    public void AddAmbientKafka_EmptyConfiguration_UsesEmbeddedBrokerDefaults()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>());

        var options = host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;

        Assert.Equal("127.0.0.1:9092", options.BootstrapServers);
        Assert.Equal("ambient", options.ClientId);
        Assert.Equal("ambient.actions", host.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.Actions);
    }

    [Fact]
    public void AddAmbientKafka_SectionConnectionStringAndLambda_AppliedInThatOrder()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ambient:Kafka:BootstrapServers"] = "section:9092",
            ["Ambient:Kafka:ClientId"] = "gateway",
            ["Ambient:Kafka:Producer:compression.type"] = "zstd",
            ["ConnectionStrings:kafka"] = "aspire-kafka:9092",
        };

        using var fromConnectionString = TestHosts.Build(settings);
        using var fromLambda = TestHosts.Build(settings, options => options.BootstrapServers = "lambda:9092");

        var options = fromConnectionString.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;
        Assert.Equal("aspire-kafka:9092", options.BootstrapServers);
        Assert.Equal("gateway", options.ClientId);
        Assert.Equal("zstd", options.Producer["compression.type"]);
        Assert.Equal("lambda:9092", fromLambda.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value.BootstrapServers);
    }

    [Theory]
    [InlineData("Ambient:Kafka:BootstrapServers", "", "Ambient:Kafka:BootstrapServers is required")]
    [InlineData("Ambient:Kafka:BootstrapServers", "a:9092,,b:9092", "Ambient:Kafka:BootstrapServers 'a:9092,,b:9092' is not a list of brokers")]
    [InlineData("Ambient:Kafka:ClientId", " ", "Ambient:Kafka:ClientId is required")]
    [InlineData("Ambient:Kafka:FlushTimeout", "00:00:00", "Ambient:Kafka:FlushTimeout must be positive")]
    [InlineData("Ambient:Kafka:Producer:acks", "1", "Ambient:Kafka:Producer:acks cannot be set")]
    [InlineData("Ambient:Kafka:Producer:enable.idempotence", "false", "Ambient:Kafka:Producer:enable.idempotence cannot be set")]
    [InlineData("Ambient:Kafka:Consumer:bootstrap.servers", "x:1", "Ambient:Kafka:Consumer:bootstrap.servers cannot be set here; use Ambient:Kafka:BootstrapServers")]
    [InlineData("Ambient:Kafka:Admin:client.id", "x", "Ambient:Kafka:Admin:client.id cannot be set here; use Ambient:Kafka:ClientId")]
    [InlineData("Ambient:Topics:Actions", "my actions", "Ambient:Topics:Actions 'my actions' is not a Kafka topic name")]
    [InlineData("Ambient:Topics:Audit", "", "Ambient:Topics:Audit is required")]
    [InlineData("Ambient:Topics:DeadLetter", "..", "Ambient:Topics:DeadLetter cannot be '..'")]
    public async Task StartAsync_InvalidSetting_FailsNamingFullPath(string key, string value, string expected)
    {
        using var host = TestHosts.Build(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidSettings_Starts()
    {
        using var host = TestHosts.Build(kafka, new Dictionary<string, string?> { ["Ambient:Topics:Actions"] = "team-a.actions_v2" });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void AddAmbientKafka_CalledTwice_RegistersOneSharedPublisher()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddAmbientKafka(options => options.BootstrapServers = kafka.BootstrapServers).AddAmbientKafka(options => options.ClientId = "second");

        using var host = builder.Build();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IRecordPublisher));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(KafkaRecordPublisher));
        Assert.Same(host.Services.GetRequiredService<KafkaRecordPublisher>(), host.Services.GetRequiredService<IRecordPublisher>());
        var options = host.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value;
        Assert.Equal((kafka.BootstrapServers, "second"), (options.BootstrapServers, options.ClientId));
    }

    [Fact]
    public void ConsumerConfig_PassThroughSettings_KeepThemAndSetGroup()
    {
        var options = new AmbientKafkaOptions { BootstrapServers = "b:9092" };
        options.Consumer["fetch.wait.max.ms"] = "100";

        var config = KafkaClientConfigs.Consumer(options, "agent-triage");

        Assert.Equal(("b:9092", "ambient", "agent-triage", 100), (config.BootstrapServers, config.ClientId, config.GroupId, config.FetchWaitMaxMs));
    }
}
