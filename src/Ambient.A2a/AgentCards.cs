using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Avro.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>
/// Publishes the Agent Card of every agent the worker runs to the compacted cards topic (key = agent name), so other
/// agents and the gateway can discover them: once the source can build them, and again each time a card changed (the
/// policies in force changed an agent's risk tier); an unchanged card is not re-published. In the background, retried
/// until it succeeds: a registry or broker outage must not keep the worker from its events.
/// </summary>
public sealed class AgentCards(
    IAgentCardSource source,
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
    /// <param name="extensions">The A2A extensions it declares, e.g. its inventory; none when null.</param>
    public static A2aAgentCard CardOf(string name, string? description, string version, IEnumerable<string> eventTypes, string bootstrapServers, AmbientTopics topics,
        IReadOnlyList<A2aAgentExtension>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        description ??= $"Ambient agent {name}";
        var skill = new A2aAgentSkill(name, name, description, [.. eventTypes.Distinct(StringComparer.Ordinal)], []);
        return new A2aAgentCard(name, description, version,
            [new A2aAgentInterface($"kafka://{bootstrapServers}/{topics.A2aInbox(name)}", A2aKafka.BindingUri, A2aKafka.ProtocolVersion)],
            [skill], Streaming: true, ["text/plain", "application/json"], ["text/plain", "application/json"])
        {
            Extensions = extensions ?? [],
        };
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // What each card's record was when last published: a change of anything else (a pause) publishes nothing.
        var published = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = source.Changed;
            var current = await source.CardsAsync(stoppingToken);
            await PublishChangedAsync(current, published, stoppingToken);
            await changed.WaitAsync(stoppingToken);
        }
    }

    private async Task PublishChangedAsync(IReadOnlyList<A2aAgentCard> current, Dictionary<string, byte[]> published, CancellationToken stoppingToken)
    {
        var pending = current.ToList();
        for (var delay = TimeSpan.FromSeconds(1); pending.Count > 0; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                while (pending.Count > 0)
                {
                    var value = await cards.EncodeAsync(pending[0], stoppingToken);
                    if (!published.TryGetValue(pending[0].Name, out var last) || !last.AsSpan().SequenceEqual(value))
                    {
                        await PublishAsync(pending[0].Name, value, stoppingToken);
                        published[pending[0].Name] = value;
                    }

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

    private async Task PublishAsync(string agent, byte[] value, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(new OutgoingRecord(topics.A2aCards, agent, value, new Dictionary<string, string>
        {
            [A2aKafka.ProtocolVersionHeader] = A2aKafka.ProtocolVersion,
            ["content-type"] = A2aKafka.ContentType,
        }), cancellationToken);
        logger.LogCardPublished(agent, topics.A2aCards);
    }
}
