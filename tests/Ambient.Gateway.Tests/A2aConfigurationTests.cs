using System.Net;
using System.Text;
using Ambient.Testing;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Tests;

public sealed class A2aConfigurationTests(KafkaFixture kafka)
{
    [Fact]
    public void Create_A2aEnabledWithBadSettings_FailsNamingEachSetting()
    {
        var settings = GatewayHarness.Settings(kafka.BootstrapServers, new GatewayTopicNames("a", "b", "c", "d", "e"));
        settings.Remove("Ambient:Gateway:PublishToken");
        settings["Ambient:Gateway:Generic:Enabled"] = "false";
        settings["Ambient:Gateway:A2a:Enabled"] = "true";
        settings["Ambient:Gateway:A2a:Timeout"] = "00:00:00";
        settings["Ambient:Gateway:A2a:TaskCapacity"] = "0";
        settings["Ambient:Gateway:A2a:PublicUrl"] = "agents.example.com";

        var error = Assert.Throws<OptionsValidationException>(() => GatewayApplication.Create("http://127.0.0.1:0", settings));

        Assert.Contains("Ambient:Gateway:PublishToken is required while the A2A bridge (A2a:Enabled) is enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ambient:Gateway:A2a:Timeout must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ambient:Gateway:A2a:TaskCapacity must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ambient:Gateway:A2a:PublicUrl must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_A2aNotEnabled_NoA2aEndpoints()
    {
        var topics = await GatewayTopicNames.CreateAsync(kafka);
        await using var gateway = await GatewayHarness.StartAsync(kafka.BootstrapServers, topics);

        using var post = await gateway.Http.SendAsync(Signing.BearerRequest("/a2a/incident-responder",
            Encoding.UTF8.GetBytes("""{"jsonrpc": "2.0", "id": 1, "method": "GetTask", "params": {"id": "t"}}"""), GatewayHarness.PublishToken), TestContext.Current.CancellationToken);
        using var card = await gateway.Http.GetAsync("/a2a/incident-responder/.well-known/agent-card.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, card.StatusCode);
    }
}
