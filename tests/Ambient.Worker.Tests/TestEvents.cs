using System.Diagnostics;
using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Worker.Tests;

/// <summary>Publishes CloudEvents the way the gateway does, and finds the shared sample payloads.</summary>
internal static class TestEvents
{
    public static string SpecsDirectory(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "shared", "specs", name);
            if (Directory.Exists(path))
            {
                return path;
            }
        }

        Assert.Skip($"../shared/specs/{name} was not found next to the repository; this test needs its real sample payloads.");
        return string.Empty;
    }

    public static string IssueOpenedPayload()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "shared", "specs", "github-webhooks", "issues", "opened.payload.json");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        Assert.Skip("../shared/specs/github-webhooks/issues/opened.payload.json was not found next to the repository; this end-to-end test needs the real GitHub sample payload.");
        return string.Empty;
    }

    public static AmbientEvent IssueOpened(string payload, string? id = null) => new(
        id ?? Guid.NewGuid().ToString(),
        "https://github.com/Codertocat/Hello-World",
        CloudEventTypes.GitHub("issues", "opened"),
        "Codertocat/Hello-World#1",
        new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        "application/json",
        Encoding.UTF8.GetBytes(payload)) { Ingress = IngressKinds.GitHub };

    public static async Task PublishAsync(KafkaFixture kafka, string topic, string? key, params AmbientEvent[] events) =>
        await PublishAsync(kafka, topic, key, null, events);

    /// <summary>Publishes to one partition whatever the key (a producer that partitions its own way, or a copy under another key).</summary>
    public static async Task PublishAsync(KafkaFixture kafka, TopicPartition partition, string? key, params AmbientEvent[] events)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        foreach (var input in events)
        {
            await producer.ProduceAsync(partition, CloudEventKafkaBinding.ToBinaryMessage(input, key));
        }
    }

    public static async Task PublishAsync(KafkaFixture kafka, string topic, string? key, ActivityContext? trace, params AmbientEvent[] events)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build();
        foreach (var input in events)
        {
            var message = CloudEventKafkaBinding.ToBinaryMessage(input, key);
            if (trace is { } context)
            {
                message.Headers.Add("traceparent", Encoding.ASCII.GetBytes($"00-{context.TraceId}-{context.SpanId}-01"));
            }

            await producer.ProduceAsync(topic, message);
        }
    }
}
