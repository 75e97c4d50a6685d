using System.Net;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Tests;

public sealed class GatewayConfigurationTests(KafkaFixture kafka)
{
    [Fact]
    public void Create_EnabledSourceWithoutSecret_FailsNamingTheSettingButNoSecret()
    {
        var settings = GatewayHarness.Settings(kafka.BootstrapServers, new GatewayTopicNames("a", "b", "c", "d", "e"));
        settings.Remove("Ambient:Gateway:GitHub:Secret");
        settings.Remove("Ambient:Gateway:PublishToken");

        var error = Assert.Throws<OptionsValidationException>(() => GatewayApplication.Create("http://127.0.0.1:0", settings));

        Assert.Contains("Ambient:Gateway:GitHub:Secret is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ambient:Gateway:PublishToken is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.SlackSecret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHarness.AlertmanagerToken, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 0.3)]
    [InlineData("5", 5.0)]
    public async Task Create_ProducerSettings_GatewayLingerAndTimeoutUnlessConfigured(string? configuredLinger, double expectedLinger)
    {
        var settings = GatewayHarness.Settings(kafka.BootstrapServers, new GatewayTopicNames("a", "b", "c", "d", "e"));
        settings["Ambient:Gateway:PublishTimeout"] = "00:00:07";
        settings["Ambient:Kafka:Producer:linger.ms"] = configuredLinger;
        await using var app = GatewayApplication.Create("http://127.0.0.1:0", settings.Where(s => s.Value is not null));

        var config = KafkaClientConfigs.Producer(app.Services.GetRequiredService<IOptions<AmbientKafkaOptions>>().Value);

        Assert.Equal(expectedLinger, config.LingerMs);
        Assert.Equal(7000, config.MessageTimeoutMs);
    }

    [Fact]
    public async Task Create_DisabledSourceWithoutSecret_StartsWithoutItsEndpoint()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings.Remove("Ambient:Gateway:GitHub:Secret");
            settings["Ambient:Gateway:GitHub:Enabled"] = "false";
        });

        using var response = await gateway.Http.SendAsync(Signing.GitHubRequest("{}"u8.ToArray(), "issues", "d1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Start_SigningSecretFromFile_VerifiesWithIt()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        var file = Path.Combine(TestDirectories.Create("gw-secret"), "slack-signing-secret");
        await File.WriteAllTextAsync(file, GatewayHarness.SlackSecret + "\n", TestContext.Current.CancellationToken);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics, settings =>
        {
            settings.Remove("Ambient:Gateway:Slack:SigningSecret");
            settings["Ambient:Gateway:Slack:SigningSecretFile"] = file;
        });
        var body = """{"type":"event_callback","team_id":"T1","event_id":"EvFILE","event":{"type":"app_mention","channel":"C1"}}"""u8.ToArray();

        using var response = await gateway.Http.SendAsync(Signing.SlackRequest("/webhooks/slack", body, Signing.Now()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
