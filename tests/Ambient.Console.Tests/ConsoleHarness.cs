using System.Net;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Tests;

/// <summary>A console on a free loopback port over the test broker, with topics of its own.</summary>
internal sealed class ConsoleHarness : IAsyncDisposable
{
    public const string Token = "operator-token-0123456789abcdef";
    public const string ReadOnlyToken = "viewer-token-0123456789abcdef";

    private ConsoleHarness(WebApplication app, AmbientTopics topics)
    {
        App = app;
        Topics = topics;
        Address = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public AmbientTopics Topics { get; }

    public Uri Address { get; }

    public static async Task<ConsoleHarness> StartAsync(KafkaFixture kafka)
    {
        var topics = AmbientTopics.WithPrefix($"t{Guid.NewGuid().ToString("N")[..10]}.");
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, new TopicLayout { EventPartitions = 3, ActionPartitions = 3, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = ["github-triage"] }, CancellationToken.None);
        var settings = new Dictionary<string, string?>(topics.ToSettings())
        {
            ["Ambient:Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Ambient:Console:Token"] = Token,
            ["Ambient:Console:ReadOnlyToken"] = ReadOnlyToken,
        };
        var app = ConsoleApplication.Create("http://127.0.0.1:0", settings);
        await app.StartAsync();
        return new ConsoleHarness(app, topics);
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, asks for HTML.</summary>
    public HttpClient Browser(CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    /// <summary>A script's client: no cookies, no redirects.</summary>
    public HttpClient Script(string? token)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
