using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ambient.Abstractions.A2a;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ambient.A2a;

namespace Ambient.Gateway.Tests;

/// <summary>
/// The gateway with its A2A bridge on, over A2A topics unique to the test (inboxes, replies, cards, tasks and the
/// gateway's replies topic), and optionally a real worker serving the sample <c>incident-responder</c>.
/// </summary>
internal sealed class A2aHarness : IAsyncDisposable
{
    private readonly List<IHost> _workers = [];
    private readonly string _bootstrapServers;

    private A2aHarness(string bootstrapServers, AmbientTopics topics, string suffix, string agentsDirectory)
    {
        _bootstrapServers = bootstrapServers;
        Topics = topics;
        Suffix = suffix;
        AgentsDirectory = agentsDirectory;
        Avro = new ServiceCollection().AddAmbientAvro(new ConfigurationBuilder().Build()).BuildServiceProvider();
    }

    public AmbientTopics Topics { get; }

    public string Suffix { get; }

    public string AgentsDirectory { get; }

    public string RepliesTopic => Topics.A2aGatewayReplies;

    public GatewayHarness Gateway { get; private set; } = null!;

    public ServiceProvider Avro { get; }

    /// <summary>The sample responder's name in this test.</summary>
    public string Responder => $"incident-responder-{Suffix}";

    /// <summary>An agent with a card and an inbox but no worker; the test plays it.</summary>
    public string FakeAgent => $"fake-{Suffix}";

    public static async Task<A2aHarness> StartAsync(string bootstrapServers, Action<Dictionary<string, string?>>? adjust = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var topics = AmbientTopics.WithPrefix($"t{suffix}.");
        var directory = TestDirectories.Create("agents");
        var yaml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "agents", "incident-responder.yaml"));
        await File.WriteAllTextAsync(Path.Combine(directory, "incident-responder.yaml"),
            Regex.Replace(yaml, @"(?m)^name: incident-responder\s*$", $"name: incident-responder-{suffix}"));
        var harness = new A2aHarness(bootstrapServers, topics, suffix, directory);

        var layout = new TopicLayout { EventPartitions = 3, ActionPartitions = 3, AuditPartitions = 1, DeadLetterPartitions = 1, Agents = [harness.Responder, harness.FakeAgent] };
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = bootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, layout, CancellationToken.None);

        var gatewayTopics = await GatewayTopicNames.CreateAsync(bootstrapServers);
        harness.Gateway = await GatewayHarness.StartAsync(bootstrapServers, gatewayTopics, settings =>
        {
            foreach (var (key, value) in harness.TopicSettings())
            {
                settings[key] = value;
            }

            settings["Ambient:Gateway:A2a:Enabled"] = "true";
            adjust?.Invoke(settings);
        });
        return harness;
    }

    /// <summary>Starts a worker (AddAmbientDefaults + AddAmbientWorker) serving the responder, and waits for its card at the gateway.</summary>
    public async Task StartResponderAsync()
    {
        _workers.Add(await WorkerHosts.StartAsync(_bootstrapServers, Topics, AgentsDirectory));
        await Eventually.UntilAsync(() => CardStatus(Responder) == HttpStatusCode.OK, TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes a card for <see cref="FakeAgent"/> and waits until the gateway knows it.</summary>
    public async Task PublishFakeCardAsync()
    {
        var card = new A2aAgentCard(FakeAgent, "Played by the test.", "v1",
            [new A2aAgentInterface($"kafka://{_bootstrapServers}/{Topics.A2aInbox(FakeAgent)}", A2aKafka.BindingUri, A2aKafka.ProtocolVersion)],
            [new A2aAgentSkill(FakeAgent, FakeAgent, "Answers slowly.", ["test"], [])], true, ["text/plain"], ["text/plain"]);
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = _bootstrapServers }).Build();
        await producer.ProduceAsync(Topics.A2aCards, new Message<string?, byte[]> { Key = FakeAgent, Value = Avro.GetRequiredService<AvroRecordCodec<A2aAgentCard>>().Encode(card) },
            TestContext.Current.CancellationToken);
        await Eventually.UntilAsync(() => CardStatus(FakeAgent) == HttpStatusCode.OK, TestContext.Current.CancellationToken);
    }

    /// <summary>POSTs a JSON-RPC body to <c>/a2a/{agent}</c>; the answer's status, Retry-After and JSON body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> CallAsync(string agent, string json, string? token = GatewayHarness.PublishToken)
    {
        var request = Signing.BearerRequest($"/a2a/{agent}", Encoding.UTF8.GetBytes(json), token);
        var response = await Gateway.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone(), response);
    }

    public Dictionary<string, string?> TopicSettings() => new(Topics.ToSettings());

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }

        await Gateway.DisposeAsync();
        await Avro.DisposeAsync();
    }

    private HttpStatusCode CardStatus(string agent)
    {
        using var response = Gateway.Http.GetAsync($"/a2a/{agent}/.well-known/agent-card.json", TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return response.StatusCode;
    }
}
