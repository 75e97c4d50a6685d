using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// <c>docker compose up</c> without Docker: every Ambient service of docker-compose.yml built by its Dockerfile's own
/// <c>dotnet publish</c>, started by its ENTRYPOINT with its compose environment, against an embedded broker in place of
/// the kafka service and a registry stand-in for apicurio-registry. topics-init must exit 0, every service must answer its probes, and a signed GitHub webhook sent
/// to the gateway must become the triage agent's actions, which the executor records as skipped (dry-run, compose's default) with an outcome event,
/// and a run the console lists on <c>/runs</c> for the token compose gives it, and for nobody without it.
/// </summary>
public sealed class ComposeRunsAsShippedTests
{
    [Fact]
    public async Task ComposeUp_EveryServiceStartsFromItsImageAndAWebhookBecomesActionsAndARunOnTheConsole()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("compose-kafka"));
        using var registry = new FakeSchemaRegistry();
        // Published in parallel up front, so the containers below start as soon as they may.
        await Task.WhenAll(ComposeContainers.AmbientServices.Select(ComposeContainers.DockerfileOf).Distinct().Select(ImageBuild.OfAsync));
        // Ports picked after the minutes of publishing, not before: another test's server may take a port picked early.
        var services = ComposeContainers.AmbientServices.Select(s => ComposeContainers.For(s, broker.BootstrapServers, registry.Url)).ToList();

        var jobs = services.Where(s => s.HttpPort is null).ToList();
        foreach (var job in jobs)
        {
            await using var process = await ContainerProcess.StartAsync(job);
            var exitCode = await process.WaitForExitAsync();
            Assert.True(exitCode == 0, $"{job.Name} exited with {exitCode}:\n{process.Output}");
        }

        var running = new List<ContainerProcess>();
        try
        {
            foreach (var service in services.Except(jobs))
            {
                running.Add(await ContainerProcess.StartAsync(service));
            }

            await Task.WhenAll(running.Select(r => r.WaitUntilReadyAsync(cancellation)));
            var gateway = running.Single(r => r.Spec.Name == "gateway");
            var secret = gateway.Spec.Environment["Ambient__Gateway__GitHub__Secret"];
            using var response = await SendIssueOpenedAsync(gateway.Spec.HttpPort!.Value, secret, cancellation);
            var action = TopicReads.First(broker.BootstrapServers, "ambient.actions");
            var triage = running.Single(r => r.Spec.Name == "worker-github-triage");
            await Eventually.UntilAsync(() => triage.Output.Contains("completed, 3 actions", StringComparison.Ordinal), cancellation);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("github:acme/shop#42", action.Message.Key); // the issue's key, kept from the webhook to the action
            Assert.Equal(0, action.Message.Value[0]); // Confluent framing: the workers wrote through the registry compose names
            Assert.True(registry.Requests("POST", "/subjects/") > 0, "no worker registered a schema");
            var ledger = ExecutorRecords.FirstContaining(new Confluent.Kafka.ConsumerConfig { BootstrapServers = broker.BootstrapServers }, "ambient.action-results", "\"state\":\"skipped\"");
            var outcome = ExecutorRecords.FirstContaining(new Confluent.Kafka.ConsumerConfig { BootstrapServers = broker.BootstrapServers }, "ambient.events.actions", "\"state\":\"skipped\"");
            Assert.Contains("\"target\":\"github\"", System.Text.Encoding.UTF8.GetString(ledger.Message.Value), StringComparison.Ordinal);
            Assert.NotNull(outcome.Message.Key);
            var console = running.Single(r => r.Spec.Name == "console");
            var run = ShippedConsole.LastTriageRun(triage.Output);
            await ShippedConsole.AssertSignInAndFindRunAsync(console, console.Spec.Environment["Ambient__Console__Token"], run, cancellation);
            foreach (var process in running)
            {
                int exitCode;
                try
                {
                    exitCode = await process.StopAsync();
                }
                catch (TimeoutException)
                {
                    // Say which service did not stop, with what it last wrote.
                    throw new TimeoutException($"{process.Spec.Name} did not exit within {Eventually.Limit.TotalSeconds} s of SIGTERM:\n{process.Output[Math.Max(0, process.Output.Length - 4000)..]}");
                }

                Assert.True(exitCode == 0, $"{process.Spec.Name} exited with {exitCode} on SIGTERM:\n{process.Output}");
            }
        }
        finally
        {
            foreach (var process in running)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static async Task<HttpResponseMessage> SendIssueOpenedAsync(int port, string secret, CancellationToken cancellation)
    {
        var body = await File.ReadAllBytesAsync(RepositoryFiles.PathOf("samples", "events", "github-issue-opened.json"), cancellation);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "issues");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        return await http.SendAsync(request, cancellation);
    }
}
