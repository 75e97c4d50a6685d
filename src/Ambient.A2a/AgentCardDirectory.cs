using System.Collections.Concurrent;
using Ambient.Abstractions.A2a;
using Ambient.Avro;
using Ambient.Avro.Registry;
using Ambient.Avro.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>
/// The agents that have an Agent Card on the compacted cards topic, whichever worker runs them: read whole at start,
/// then followed, without a consumer group (every replica reads all of it). A worker delegates to these as well as to
/// its own agents, so an agent whose file another worker mounts is still reachable. One entry per agent (the topic's
/// key); a tombstone removes it. A record that is not a readable card for its key is skipped, and logged once.
/// </summary>
/// <param name="topic">The cards topic.</param>
/// <param name="kafka">Where and as whom to read.</param>
/// <param name="cards">Reads a card's bytes.</param>
/// <param name="logger">Where an unreadable card and read errors are logged (Warning).</param>
public sealed class AgentCardDirectory(string topic, AmbientKafkaOptions kafka, AvroRecordCodec<A2aAgentCard> cards, ILogger<AgentCardDirectory> logger)
    : BackgroundService
{
    private readonly TopicTail _tail = new(topic, fromEnd: false, kafka, logger);

    // Only the names: delegation needs no more (the inbox is the binding's, ambient.a2a.<agent>).
    private readonly ConcurrentDictionary<string, byte> _agents = new(StringComparer.Ordinal);
    private long _unreadable;

    /// <summary>Completes once every card present at start was read: before it, an agent missing here may not be read yet.</summary>
    public Task CaughtUp => _tail.CaughtUp;

    /// <summary>The agents with a card, as far as read.</summary>
    public ICollection<string> Agents => _agents.Keys;

    /// <summary>Whether <paramref name="agent"/> has a card, as far as read.</summary>
    public bool Contains(string agent) => _agents.ContainsKey(agent);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _tail.RunAsync(Apply, stoppingToken);

    private void Apply(TailRecord record)
    {
        if (record.Key is null)
        {
            return;
        }

        if (record.Value is null || record.Value.Length == 0)
        {
            // The agent was withdrawn.
            _agents.TryRemove(record.Key, out _);
            return;
        }

        string? problem;
        try
        {
            var card = cards.Decode(record.Value);
            problem = card.Name == record.Key ? null : $"the card names agent '{card.Name}'";
        }
        catch (Exception ex) when (ex is AvroSerializationException or SchemaRegistryException)
        {
            problem = ex.Message;
        }

        if (problem is null)
        {
            _agents[record.Key] = 0;
        }
        else if (Interlocked.Increment(ref _unreadable) == 1)
        {
            // Once: a topic full of bad cards must not flood the log; what was known of the agent stays.
            logger.LogCardUnreadable(record.Key, topic, problem);
        }
    }
}
