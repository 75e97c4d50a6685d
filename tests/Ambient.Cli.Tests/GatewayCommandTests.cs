using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary><c>ambient gateway</c>: the gateway alone, next to a broker, configured by environment variables as its image is.</summary>
public sealed class GatewayCommandTests
{
    private const string Secret = "split-setup-github-secret";

    [Fact]
    public async Task Gateway_SecretFromEnvironment_SignedWebhookAcceptedOntoTheGitHubTopic()
    {
        var workDirectory = TestDirectories.Create("cli-gateway");
        await using var broker = await EmbeddedBrokers.StartAsync(Path.Combine(workDirectory, "broker"));
        var (initialized, init) = await TopicsCommandTests.RunAsync(workDirectory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        Assert.True(initialized == 0, init);
        var httpPort = FreePort();
        var environment = new Dictionary<string, string> { ["Ambient__Gateway__GitHub__Secret"] = Secret };
        using var gateway = AmbientProcess.Start(environment, workDirectory, "Press Ctrl+C to stop.", "gateway", "--bootstrap", broker.BootstrapServers,
            "--listen", $"127.0.0.1:{httpPort}");
        await gateway.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        await Eventually.UntilAsync(() => http.GetAsync("/readyz").GetAwaiter().GetResult().IsSuccessStatusCode, TestContext.Current.CancellationToken);

        var delivery = Guid.NewGuid().ToString();
        using var response = await SendIssueAsync(http, delivery);
        var record = TopicReads.First(broker.BootstrapServers, "ambient.events.github");
        var exitCode = await gateway.TerminateAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains($"from $Ambient__Gateway__GitHub__Secret", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, gateway.Output, StringComparison.Ordinal);
        Assert.Equal(delivery, Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes("ce_id")));
        Assert.True(exitCode == 0, $"ambient gateway exited with {exitCode}:\n{gateway.Output}");
    }

    [Fact]
    public async Task Gateway_NonLoopbackListenWithoutSecrets_RefusesNamingTheVariables()
    {
        var workDirectory = TestDirectories.Create("cli-gateway-open");

        using var gateway = AmbientProcess.Start(workDirectory, "Press Ctrl+C to stop.", "gateway", "--bootstrap", "127.0.0.1:1",
            "--listen", $"0.0.0.0:{FreePort()}");
        var exitCode = await gateway.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("not a loopback address", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Ambient__Gateway__GitHub__Secret", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("Ambient__Gateway__PublishToken", gateway.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendIssueAsync(HttpClient http, string delivery)
    {
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "github-issue-opened.json"), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
