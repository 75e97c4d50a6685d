using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Kafka;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Reading;
using Ambient.Runtime.Schedules;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Schedules;

/// <summary>Reads the past week's GitHub events, aggregates them and publishes the weekly-digest tick.</summary>
public sealed class WeeklyDigestPublisher(
    TopicWindowReader reader,
    IRecordPublisher publisher,
    IOptions<AmbientTopics> topics,
    IOptions<WeeklyDigestOptions> options)
{
    /// <summary>Publishes the digest of the seven days before <paramref name="now"/> and returns the tick.</summary>
    public async Task<AmbientEvent> PublishAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = topics.Value;
        var from = now.AddDays(-7);
        var events = await KafkaThreads.RunAsync(() => reader.Read([names.GitHubEvents], from, now, cancellationToken), cancellationToken);
        var recipients = options.Value.Recipients.Count > 0 ? [.. options.Value.Recipients] : WeeklyDigestOptions.DefaultRecipients;
        var tick = WeeklyDigest.Build(events, from, now, recipients);
        await publisher.PublishAsync(CloudEventKafkaBinding.ToOutgoingRecord(tick, names.Schedules, tick.PartitionKey), cancellationToken);
        return tick;
    }
}
