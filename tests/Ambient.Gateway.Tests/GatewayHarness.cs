using Ambient.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ambient.Gateway.Tests;

/// <summary>The real gateway on a free loopback port, writing to the broker under test, and an HTTP client for it.</summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string GitHubSecret = "test-github-secret";
    public const string SlackSecret = "test-slack-signing-secret";
    public const string AlertmanagerToken = "test-alertmanager-token";
    public const string PublishToken = "test-publish-token";

    private GatewayHarness(WebApplication app, HttpClient http, CollectingLoggerProvider logs)
    {
        App = app;
        Http = http;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public CollectingLoggerProvider Logs { get; }

    public static Dictionary<string, string?> Settings(string bootstrapServers, GatewayTopicNames topics) => new()
    {
        ["Ambient:Kafka:BootstrapServers"] = bootstrapServers,
        ["Ambient:Topics:GitHubEvents"] = topics.GitHub,
        ["Ambient:Topics:SlackEvents"] = topics.Slack,
        ["Ambient:Topics:ClusterEvents"] = topics.Cluster,
        ["Ambient:Topics:CustomEvents"] = topics.Custom,
        ["Ambient:Gateway:UnroutedTopic"] = topics.Unrouted,
        ["Ambient:Gateway:AllowedTopics:0"] = topics.Cluster,
        ["Ambient:Gateway:AllowedTopics:1"] = topics.Extra,
        ["Ambient:Gateway:GitHub:Secret"] = GitHubSecret,
        ["Ambient:Gateway:Slack:SigningSecret"] = SlackSecret,
        ["Ambient:Gateway:Alertmanager:Token"] = AlertmanagerToken,
        ["Ambient:Gateway:PublishToken"] = PublishToken,
        ["Ambient:Gateway:Kubernetes:Enabled"] = "false",
    };

    /// <summary>Starts the gateway and waits until <c>/readyz</c> says it accepts deliveries (Kafka reachable, memory rebuilt).</summary>
    public static async Task<GatewayHarness> StartAsync(string bootstrapServers, GatewayTopicNames topics, Action<Dictionary<string, string?>>? adjust = null, bool waitUntilReady = true,
        Action<WebApplicationBuilder>? configure = null)
    {
        var settings = Settings(bootstrapServers, topics);
        adjust?.Invoke(settings);
        var logs = new CollectingLoggerProvider(LogLevel.Information);
        var app = GatewayApplication.Create("http://127.0.0.1:0", settings, builder =>
        {
            builder.Logging.ClearProviders().AddProvider(logs);
            configure?.Invoke(builder);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var harness = new GatewayHarness(app, http, logs);
        if (waitUntilReady)
        {
            await harness.WaitUntilReadyAsync();
        }

        return harness;
    }

    public async Task WaitUntilReadyAsync()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Eventually.Limit);
        while (true)
        {
            using var response = await Http.GetAsync("/readyz", limit.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
