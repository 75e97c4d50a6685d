using System.Net;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// The probes a kubelet or compose uses, over real HTTP: open without a token while every page still needs one, and
/// ready only once the run board has read the checkpoints topic whole.
/// </summary>
public sealed class HealthTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Probes_AnswerWithoutAToken_PagesStillNeedOne()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        using var anonymous = console.Script(token: null);
        using var wrongToken = console.Script("not-the-token-0123456789");

        await Eventually.UntilAsync(async () => (await anonymous.GetAsync("/readyz", Cancellation)).StatusCode == HttpStatusCode.OK, Cancellation);
        using var live = await anonymous.GetAsync("/healthz", Cancellation);
        using var ready = await anonymous.GetAsync("/readyz", Cancellation);
        using var liveWithAWrongToken = await wrongToken.GetAsync("/healthz", Cancellation);
        using var page = await anonymous.GetAsync("/", Cancellation);
        using var browserPage = await console.Browser().GetAsync("/runs", Cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok", await live.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.OK, liveWithAWrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, browserPage.StatusCode);
    }

    [Fact]
    public async Task Readyz_UntilTheCheckpointsTopicIsRead_Is503NamingTheRunBoard()
    {
        // Topics of their own, created only after the console started: its run board waits for the checkpoints topic.
        var topics = AmbientTopics.WithPrefix($"t{Guid.NewGuid().ToString("N")[..10]}.");
        var settings = new Dictionary<string, string?>(topics.ToSettings())
        {
            ["Ambient:Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Ambient:Console:Token"] = ConsoleHarness.Token,
        };
        await using var app = ConsoleApplication.Create("http://127.0.0.1:0", settings);
        await app.StartAsync(Cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var live = await http.GetAsync("/healthz", Cancellation);
        using var waiting = await http.GetAsync("/readyz", Cancellation);
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, new TopicLayout { EventPartitions = 3, ActionPartitions = 3, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = ["github-triage"] }, Cancellation);
        await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz", Cancellation)).StatusCode == HttpStatusCode.OK, Cancellation);
        await app.StopAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        Assert.Equal("not ready: runs: still reading the checkpoints topic", await waiting.Content.ReadAsStringAsync(Cancellation));
    }
}
