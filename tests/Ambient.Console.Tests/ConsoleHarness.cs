using System.Net;
using System.Text.RegularExpressions;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>A console on a free loopback port over the test broker, with topics of its own.</summary>
internal sealed partial class ConsoleHarness : IAsyncDisposable
{
    public const string Token = "operator-token-0123456789abcdef";
    public const string ReadOnlyToken = "viewer-token-0123456789abcdef";

    private readonly string _bootstrapServers;

    private ConsoleHarness(WebApplication app, AmbientTopics topics, string bootstrapServers)
    {
        _bootstrapServers = bootstrapServers;
        App = app;
        Topics = topics;
        Address = new Uri(app.Urls.First());
    }

    public WebApplication App { get; }

    public AmbientTopics Topics { get; }

    public Uri Address { get; }

    public static async Task<ConsoleHarness> StartAsync(KafkaFixture kafka, params (string Key, string Value)[] more)
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
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        var app = ConsoleApplication.Create("http://127.0.0.1:0", settings);
        await app.StartAsync();
        return new ConsoleHarness(app, topics, kafka.BootstrapServers);
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

    /// <summary>A browser-like client signed in with the operator's token through the sign-in form.</summary>
    public async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = Browser(new CookieContainer());
        var form = await browser.GetStringAsync("/signin", TestContext.Current.CancellationToken);
        using var signedIn = await browser.PostAsync("/signin", Form(form, ("token", Token)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    /// <summary>Signs a real browser's page in from the keyboard, through the labelled token field, and lands on <paramref name="path"/>.</summary>
    public async Task SignInAsync(IPage page, string path, string? name = null)
    {
        await page.GotoAsync(new Uri(Address, $"/signin?returnUrl={Uri.EscapeDataString(path)}").ToString());
        if (name is not null)
        {
            await page.GetByLabel("Your name").FillAsync(name);
        }

        await page.GetByLabel("Console token").FillAsync(Token);
        await page.Keyboard.PressAsync("Enter");
        // Commit, not load: a page's event stream stays open, and whether it holds the load event is the browser's business.
        // The suite's limit, not Playwright's 30 s: a process's first sign-in (keys made, first pages compiled) took longer
        // under CI load, as the OIDC test's did.
        await page.WaitForURLAsync(new Uri(Address, path).ToString(), new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)Eventually.Limit.TotalMilliseconds });
    }

    /// <summary>The page's antiforgery field (as its forms carry it), with <paramref name="fields"/>.</summary>
    public static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields)
    {
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, page);
        return new FormUrlEncodedContent([new(field.Groups["name"].Value, WebUtility.HtmlDecode(field.Groups["value"].Value)),
            .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
    }

    /// <summary>Writes <paramref name="head"/> as a worker does (real Avro bytes) and waits until the console's run board has it.</summary>
    public async Task WriteHeadAsync(RunHead head, int partition = 0)
    {
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig { BootstrapServers = _bootstrapServers }).Build();
        await producer.ProduceAsync(new TopicPartition(Topics.Checkpoints, partition), new Message<string, byte[]?>
        {
            Key = head.RunId,
            Value = await App.Services.GetRequiredService<IRecordCodec<RunHead>>().EncodeAsync(head, TestContext.Current.CancellationToken),
        }, TestContext.Current.CancellationToken);
        var board = App.Services.GetRequiredService<Runs.RunBoard>();
        await Eventually.UntilAsync(() => board.Runs().Any(r => r.RunId == head.RunId && r.Status == head.Status && r.HeadStep == head.HeadStep), TestContext.Current.CancellationToken);
    }

    /// <summary>A running run's head of <paramref name="agent"/>, updated now.</summary>
    public static RunHead RunningHead(string agent, string suffix = "00000000cafe0009")
    {
        var now = TimeProvider.System.GetUtcNow();
        return new RunHead($"{agent}-{suffix}", agent, "v1", new RunInput("ambient.events.github", 0, 1, "evt-9", "com.github.issues.opened"), 0, "reason", "running", now, now);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex AntiforgeryField();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
