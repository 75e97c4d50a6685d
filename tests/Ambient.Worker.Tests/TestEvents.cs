using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
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

    /// <summary>A verified Slack <c>app_mention</c> in channel C2 of team T1 saying <paramref name="text"/>.</summary>
    public static AmbientEvent SlackMention(string text)
    {
        var data = new JsonObject
        {
            ["team_id"] = "T1",
            ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = "U9", ["text"] = text, ["channel"] = "C2", ["ts"] = "1700000000.000100" },
        };
        return new AmbientEvent(Guid.NewGuid().ToString(), "https://slack.com", "com.slack.app_mention", "T1/C2", DateTimeOffset.UnixEpoch, "application/json",
            Encoding.UTF8.GetBytes(data.ToJsonString())) { Ingress = IngressKinds.Slack };
    }

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
