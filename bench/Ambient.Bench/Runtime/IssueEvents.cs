using System.Text;
using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Confluent.Kafka;

namespace Ambient.Bench.Runtime;

/// <summary>
/// Writes the events both sides process: binary-mode CloudEvents of type <c>com.github.issues.opened</c>, as the
/// gateway writes them, one issue per event across 50 repositories, keyed by issue
/// (<c>github:acme/service-007#1234</c>) so every partition gets its share.
/// </summary>
internal static class IssueEvents
{
    private const string Owner = "acme";
    private const int Repositories = 50;

    /// <summary>Writes <paramref name="count"/> events and returns the bytes of their values.</summary>
    public static long Preload(string bootstrapServers, string topic, int count, CancellationToken cancellationToken) =>
        Preload(bootstrapServers, topic, 0, count, cancellationToken);

    /// <summary>Writes events <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 and returns the bytes of their values.</summary>
    public static long Preload(string bootstrapServers, string topic, int first, int count, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true };
        using var producer = new ProducerBuilder<string?, byte[]>(config).Build();
        var failed = 0;
        void OnDelivery(DeliveryReport<string?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
            }
        }

        long bytes = 0;
        for (var i = first; i < first + count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = Create(i);
            bytes += message.Value.Length;
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, OnDelivery);
                    break;
                }
                catch (ProduceException<string?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        producer.Flush(cancellationToken);
        return failed == 0 ? bytes : throw new InvalidOperationException($"{failed} of {count} events were not acknowledged while pre-loading {topic}.");
    }

    /// <summary>Event number <paramref name="index"/> (its id <c>bench-issue-&lt;index&gt;</c>), as a Kafka message.</summary>
    public static Message<string?, byte[]> Create(int index)
    {
        var repository = index % Repositories;
        var number = 1000 + index;
        var fullName = $"{Owner}/service-{repository:D3}";
        var cloudEvent = new AmbientEvent(
            $"bench-issue-{index}",
            $"https://github.com/{fullName}",
            CloudEventTypes.GitHub("issues", "opened"),
            $"{fullName}#{number}",
            new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddSeconds(index),
            "application/json",
            GitHubIssuePayload.Create(Owner, repository, number))
        {
            // As the gateway stamps a delivery whose signature it verified: github-triage only takes verified ingress.
            Ingress = IngressKinds.GitHub,
        };
        return CloudEventKafkaBinding.ToBinaryMessage(cloudEvent, EntityKeys.GitHub(fullName, number));
    }

    /// <summary>The UTF-8 size of one event's headers, for the report.</summary>
    public static int HeaderBytes() => Create(0).Headers.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + h.GetValueBytes().Length);
}
