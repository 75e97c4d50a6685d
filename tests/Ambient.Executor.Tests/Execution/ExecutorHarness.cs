using System.Text.Json;
using Ambient.Abstractions.Actions;
using Ambient.Avro.Serialization;
using Ambient.Executor.Ledger;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Topics;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Tests.Execution;

/// <summary>
/// Topics of their own on the test broker, and the executor as shipped (AddAmbientExecutor) started against them with
/// the settings a test gives; actions are published as the worker publishes them (Avro, with the action headers).
/// </summary>
internal sealed class ExecutorHarness(KafkaFixture kafka, AmbientTopics topics) : IAsyncDisposable
{
    private IHost? _host;

    public AmbientTopics Topics => topics;

    public static async Task<ExecutorHarness> CreateAsync(KafkaFixture kafka)
    {
        var topics = AmbientTopics.WithPrefix($"x{Guid.NewGuid():N}"[..9] + ".");
        var layout = new TopicLayout { EventPartitions = 2, ActionPartitions = 2, AuditPartitions = 1, DeadLetterPartitions = 1 };
        var initializer = new TopicInitializer(Options.Create(new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }), NullLogger<TopicInitializer>.Instance);
        await initializer.EnsureTopicsAsync(topics, layout, CancellationToken.None);
        return new ExecutorHarness(kafka, topics);
    }

    /// <summary>The configuration an executor on these topics gets, with <paramref name="more"/> on top.</summary>
    public Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>(topics.ToSettings().Select(s => KeyValuePair.Create(s.Key, s.Value!)))
        {
            ["Ambient:Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Ambient:Consumer:RetryDelay"] = "00:00:00.100",
            ["Ambient:Consumer:MaxAttempts"] = "2",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async Task StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (Environment.GetEnvironmentVariable("AMBIENT_TEST_LOG") is not null)
        {
            // Debugging an executor test: AMBIENT_TEST_LOG=1 dotnet test ... --logger "console;verbosity=detailed".
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Configuration.AddInMemoryCollection(Settings(settings).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddAmbientExecutor();
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The executor as shipped in its own process (<c>dotnet Ambient.Executor.dll</c>), configured through environment variables.</summary>
    public DotnetProcess StartProcess(params (string Key, string Value)[] settings) =>
        DotnetProcess.Start("Ambient.Executor.dll", DotnetProcess.AsEnvironment(Settings([
            // A killed member must leave the group quickly, so its restarted successor is not kept waiting.
            ("Ambient:Kafka:Consumer:session.timeout.ms", "6000"),
            ("Ambient:Kafka:Consumer:heartbeat.interval.ms", "500"),
            .. settings])));

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
            _host = null;
        }
    }

    public static ActionRecord Action(string id, string operation, object arguments, string agent = "triage", string target = ActionTargets.GitHub) =>
        new(id, id.Split('/')[0], agent, target, operation, JsonSerializer.SerializeToElement(arguments), "because", "evt-1", "com.github.issues.opened",
            TimeProvider.System.GetUtcNow());

    /// <summary>Publishes an action as the worker does: Avro value, keyed by the entity, with the action headers.</summary>
    /// <remarks>With <paramref name="approvalId"/>, the action carries it as an approved action does.</remarks>
    public async Task PublishAsync(ActionRecord action, string key = "octo/app#7", string? topic = null, string? approvalId = null)
    {
        var codec = AmbientRecordReader.Services.GetRequiredService<AvroRecordCodec<ActionRecord>>();
        (string, string)[] headers = [("ambient-action-id", action.Id), ("ambient-action-target", action.Target), .. approvalId is null ? [] : new[] { (ActionHeaders.ApprovalId, approvalId) }];
        await PublishRawAsync(topic ?? topics.Actions, key, await codec.EncodeAsync(action), headers);
    }

    public async Task PublishRawAsync(string topic, string key, byte[] value, params (string Name, string Value)[] headers)
    {
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        var message = new Message<string, byte[]> { Key = key, Value = value, Headers = [] };
        foreach (var (name, text) in headers)
        {
            message.Headers.Add(name, System.Text.Encoding.UTF8.GetBytes(text));
        }

        await producer.ProduceAsync(topic, message);
    }

    /// <summary>Writes these topics' governance topic (policies, pauses).</summary>
    public TestGovernance Governance() => new(kafka.BootstrapServers, topics.Policy);

    /// <summary>Reads and answers these topics' approvals topic.</summary>
    public TestApprovals Approvals() => new(kafka.BootstrapServers, topics.Approvals);

    /// <summary>Writes a ledger entry where the executor keeps it for actions keyed <paramref name="key"/> (the actions partition of that key).</summary>
    public async Task WriteLedgerAsync(LedgerEntry entry, string key = "octo/app#7")
    {
        var partition = await PartitionOfAsync(key);
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(new TopicPartition(topics.ActionResults, partition), new Message<string, byte[]> { Key = entry.ActionId, Value = entry.ToBytes() });
    }

    /// <summary>The latest ledger entry of <paramref name="actionId"/>, waiting until it is final.</summary>
    public async Task<LedgerEntry> FinalEntryAsync(string actionId)
    {
        LedgerEntry? entry = null;
        await Eventually.UntilAsync(() =>
        {
            entry = Records(topics.ActionResults).Where(r => r.Message.Key == actionId).Select(r => LedgerEntry.TryRead(r.Message.Value)).LastOrDefault();
            return entry is not null && LedgerStates.IsFinal(entry.State);
        }, TestContext.Current.CancellationToken);
        return entry!;
    }

    /// <summary>Every record on <paramref name="topic"/> now.</summary>
    public List<ConsumeResult<string?, byte[]>> Records(string topic)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        using var admin = kafka.AdminClient();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        consumer.Assign(partitions);
        var records = new List<ConsumeResult<string?, byte[]>>();
        var open = partitions.Count;
        while (open > 0 && consumer.Consume(TimeSpan.FromSeconds(10)) is { } record)
        {
            if (record.IsPartitionEOF)
            {
                open--;
            }
            else
            {
                records.Add(record);
            }
        }

        return records;
    }

    private async Task<int> PartitionOfAsync(string key)
    {
        // The partition the default partitioner gives the key: found by producing a probe to a scratch topic of the same partition count.
        var probe = await kafka.CreateTopicAsync("probe", partitions: 2);
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        return (await producer.ProduceAsync(probe, new Message<string, byte[]> { Key = key, Value = [] })).Partition.Value;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
