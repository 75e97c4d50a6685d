using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>
/// Publishes the Agent Card of every agent the worker runs to the compacted cards topic at start (key = agent
/// name), so other agents and the gateway can discover them. Same agent, same card: re-publishing is harmless.
/// In the background, retried until it succeeds: a registry or broker outage must not keep the worker from its events.
/// </summary>
public sealed class AgentCards(
    IReadOnlyList<A2aAgentCard> agents,
    IRecordPublisher publisher,
    AmbientTopics topics,
    AvroRecordCodec<A2aAgentCard> cards,
    ILogger<AgentCards> logger) : BackgroundService
{
    /// <summary>The card of an agent: its Kafka inbox and one skill answering the event types it subscribes to.</summary>
    /// <param name="name">The agent.</param>
    /// <param name="description">What it does, from its file; null gives a generic one.</param>
    /// <param name="version">Its version.</param>
    /// <param name="eventTypes">The event types it subscribes to.</param>
    /// <param name="bootstrapServers">The Kafka cluster its inbox is on.</param>
    /// <param name="topics">Where its inbox is.</param>
    public static A2aAgentCard CardOf(string name, string? description, string version, IEnumerable<string> eventTypes, string bootstrapServers, AmbientTopics topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        description ??= $"Ambient agent {name}";
        var skill = new A2aAgentSkill(name, name, description, [.. eventTypes.Distinct(StringComparer.Ordinal)], []);
        return new A2aAgentCard(name, description, version,
            [new A2aAgentInterface($"kafka://{bootstrapServers}/{topics.A2aInbox(name)}", A2aKafka.BindingUri, A2aKafka.ProtocolVersion)],
            [skill], Streaming: true, ["text/plain", "application/json"], ["text/plain", "application/json"]);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = agents.ToList();
        for (var delay = TimeSpan.FromSeconds(1); pending.Count > 0; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                while (pending.Count > 0)
                {
                    await PublishAsync(pending[0], stoppingToken);
                    pending.RemoveAt(0);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogCardNotPublished(pending[0].Name, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private async Task PublishAsync(A2aAgentCard card, CancellationToken cancellationToken)
    {
        var value = await cards.EncodeAsync(card, cancellationToken);
        await publisher.PublishAsync(new OutgoingRecord(topics.A2aCards, card.Name, value, new Dictionary<string, string>
        {
            [A2aKafka.ProtocolVersionHeader] = A2aKafka.ProtocolVersion,
            ["content-type"] = A2aKafka.ContentType,
        }), cancellationToken);
        logger.LogCardPublished(card.Name, topics.A2aCards);
    }
}
