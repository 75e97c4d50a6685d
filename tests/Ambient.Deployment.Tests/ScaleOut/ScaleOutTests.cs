using System.Diagnostics;
using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Kafka.Topics;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Ambient.Testing.FakeOpenAi;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Deployment.Tests.ScaleOut;

/// <summary>
/// What KEDA does when lag builds, on a small scale: a backlog on a 4-partition topic with one worker process, then three
/// more worker processes join the group. Partitions spread over all four, the backlog drains faster (the ratio is
/// printed, not asserted: timings on shared machines are noise), and every event is decided exactly once.
/// The model is a local fake OpenAI server answering after 150 ms, so a run waits on I/O as it does on a real LLM.
/// </summary>
public sealed class ScaleOutTests
{
    private const int Partitions = 4;
    private const int EventsPerPartition = 40;
    private const int Events = Partitions * EventsPerPartition;
    private const string Agent = "scale-triage";
    private static readonly TimeSpan s_modelLatency = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Backlog_ThreeMoreWorkerProcesses_RebalanceDrainFasterAndDecideEachEventOnce()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("scale-out"));
        var topics = new AmbientTopics();
        await new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = broker.BootstrapServers }), NullLogger<TopicInitializer>.Instance)
            .EnsureTopicsAsync(topics, new TopicLayout { EventPartitions = Partitions, ActionPartitions = 1, AuditPartitions = 1, DeadLetterPartitions = 1 }, cancellation);
        await using var model = await FakeOpenAiServer.StartAsync(cancellationToken: cancellation);
        model.Enqueue([.. Enumerable.Range(0, Events * 2).Select(_ => FakeOpenAiReply.WithText("Triaged.") with { Delay = s_modelLatency })]);
        var environment = WorkerEnvironment(broker.BootstrapServers, await WriteAgentAsync(model.Endpoint));
        var eventIds = await PublishBacklogAsync(broker.BootstrapServers, topics.GitHubEvents);
        var clock = Stopwatch.StartNew();
        await using var audits = new AuditCounter(broker.BootstrapServers, topics.Audit, clock);
        var workers = new List<DotnetProcess>();
        try
        {
            workers.Add(DotnetProcess.Start("Ambient.Worker.dll", environment));
            await Eventually.UntilAsync(() => audits.Total >= 1, cancellation);
            var (aloneFromTime, aloneFromCount) = (clock.Elapsed, audits.Total);
            await Eventually.UntilAsync(() => audits.Total >= aloneFromCount + 12, cancellation);
            var aloneRate = (audits.Total - aloneFromCount) / (clock.Elapsed - aloneFromTime).TotalSeconds;

            workers.AddRange(Enumerable.Range(0, 3).Select(_ => DotnetProcess.Start("Ambient.Worker.dll", environment)));
            var members = await WaitForEveryWorkerToOwnPartitionsAsync(broker.BootstrapServers, cancellation);
            var (rebalancedAt, rebalancedCount) = (clock.Elapsed, audits.Total);
            await Eventually.UntilAsync(() => audits.Total >= Events, cancellation);
            var (sharedRate, warmFromCount) = WarmDrainRate(audits.Arrivals, rebalancedAt);

            foreach (var worker in workers)
            {
                Assert.Equal(0, await worker.StopAsync());
            }

            await audits.CatchUpAsync(cancellation);

            Assert.Equal(Partitions, members.Sum(m => m.Count));
            Assert.All(members, m => Assert.Single(m));
            Assert.Equal(eventIds.Order(StringComparer.Ordinal), audits.PerEvent.Keys.Order(StringComparer.Ordinal));
            Assert.All(audits.PerEvent, pair => Assert.True(pair.Value == 1, $"event {pair.Key} decided {pair.Value} times"));
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"one worker: {aloneRate:F1} events/s; four workers: {sharedRate:F1} events/s; ratio {sharedRate / aloneRate:F2}× " +
                $"(four workers counted from the first decision on every partition after the rebalance, so the new processes' cold start is left out: " +
                $"{rebalancedCount} of {Events} events were done when all four owned partitions, {warmFromCount} when all were warm; model latency {s_modelLatency.TotalMilliseconds} ms, maxConcurrentRuns 1)");
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n---\n", workers.Select(w => w.Output)));
            throw;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Decisions per second once every partition has had a decision after the rebalance, i.e. once each new worker has
    /// finished its first run (events are spread over partitions by id: event i is on partition i mod 4).
    /// </summary>
    private static (double Rate, int FromCount) WarmDrainRate(IReadOnlyList<(TimeSpan At, string EventId)> arrivals, TimeSpan rebalancedAt)
    {
        var after = arrivals.Select((a, index) => (a.At, a.EventId, Index: index)).Where(a => a.At >= rebalancedAt).ToList();
        var warm = after.First(a => after.TakeWhile(b => b.Index <= a.Index)
            .Select(b => int.Parse(b.EventId["scale-".Length..], System.Globalization.CultureInfo.InvariantCulture) % Partitions).Distinct().Count() == Partitions);
        var remaining = arrivals.Count - 1 - warm.Index;
        return (remaining / (arrivals[^1].At - warm.At).TotalSeconds, warm.Index + 1);
    }

    private static async Task<List<List<int>>> WaitForEveryWorkerToOwnPartitionsAsync(string bootstrap, CancellationToken cancellation)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var description = await Eventually.ReadAsync(
            () => admin.DescribeConsumerGroupsAsync([$"ambient-agent-{Agent}"]).GetAwaiter().GetResult().ConsumerGroupDescriptions.Single(),
            d => d is { State: ConsumerGroupState.Stable, Members.Count: 4 } && d.Members.All(m => m.Assignment.TopicPartitions.Count > 0),
            cancellation);
        return [.. description.Members.Select(m => m.Assignment.TopicPartitions.Select(tp => tp.Partition.Value).ToList())];
    }

    private static async Task<string> WriteAgentAsync(Uri endpoint)
    {
        var directory = TestDirectories.Create("scale-out-agents");
        await File.WriteAllTextAsync(Path.Combine(directory, $"{Agent}.yaml"), $"""
            name: {Agent}
            owner: team-test
            subscriptions:
              - topic: github
                types: [com.github.issues.opened]
            model:
              provider: openai-compatible
              endpoint: {endpoint}
              modelId: gpt-test
              apiKeyEnv: AMBIENT_TEST_UNSET_KEY
            systemPrompt: You triage issues.
            tools: [github.comment]
            limits:
              maxConcurrentRuns: 1
              timeoutSeconds: 30
            """);
        return directory;
    }

    private static Dictionary<string, string> WorkerEnvironment(string bootstrap, string agentsDirectory) => new(StringComparer.Ordinal)
    {
        ["Ambient__Kafka__BootstrapServers"] = bootstrap,
        ["Ambient__Worker__AgentsDirectory"] = agentsDirectory,
        ["Ambient__Consumer__DrainTimeout"] = "00:00:10",
        // The GitHub topic only: an A2A inbox would share the group's partitions out with it (the worker then checks no A2A topic).
        ["Ambient__Worker__A2a"] = "false",
        ["Ambient__Kafka__Consumer__session.timeout.ms"] = "6000",
        ["Ambient__Kafka__Consumer__heartbeat.interval.ms"] = "500",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    /// <summary>40 events on each partition, each with its own key and id, published before any worker runs.</summary>
    private static async Task<List<string>> PublishBacklogAsync(string bootstrap, string topic)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true, LingerMs = 5 }).Build();
        var ids = new List<string>();
        for (var i = 0; i < Events; i++)
        {
            var id = $"scale-{i}";
            var data = Encoding.UTF8.GetBytes($$$"""{"issue":{"number":{{{i}}},"title":"Issue {{{i}}}"},"repository":{"full_name":"octo/scale"}}""");
            var input = new AmbientEvent(id, "https://github.com/octo/scale", CloudEventTypes.GitHub("issues", "opened"), $"octo/scale#{i}",
                new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), "application/json", data) { Ingress = IngressKinds.GitHub };
            await producer.ProduceAsync(new TopicPartition(topic, i % Partitions), CloudEventKafkaBinding.ToBinaryMessage(input, $"github:octo/scale#{i}"));
            ids.Add(id);
        }

        return ids;
    }
}
