using System.Collections.Concurrent;
using System.Text.Json;
using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Serialization;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Ambient.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace Ambient.Supervisor.Agents;

/// <summary>
/// Every agent's inventory as its workers last published it: the Agent Cards of the compacted cards topic, read whole
/// when the console starts and followed, keeping each card's inventory extension (owner, purpose, risk tier, tools and
/// zones, MCP servers, model, budgets, version). A record that is not a readable card is skipped and logged once.
/// </summary>
internal sealed partial class AgentCardBoard(IOptions<AmbientKafkaOptions> kafka, IOptions<AmbientTopics> topics, IRecordCodec<A2aAgentCard> cards,
    ILogger<AgentCardBoard> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, AgentCardView> _agents = new(StringComparer.Ordinal);
    private long _unreadable;

    /// <summary>The agents with a card, by name.</summary>
    public IReadOnlyDictionary<string, AgentCardView> Agents => _agents;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new TopicTail(topics.Value.A2aCards, fromEnd: false, kafka.Value, logger).RunAsync(Apply, stoppingToken);

    private void Apply(TailRecord record)
    {
        if (record.Key is null)
        {
            return;
        }

        if (record.Value is null)
        {
            _agents.TryRemove(record.Key, out _);
            return;
        }

        try
        {
            var card = cards.Decode(record.Value);
            var inventory = card.Extensions.FirstOrDefault(e => e.Uri == A2aAgentExtension.InventoryUri)?.Params is { } json
                ? JsonDocument.Parse(json).RootElement.Clone()
                : (JsonElement?)null;
            _agents[card.Name] = new AgentCardView(card, inventory);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (Interlocked.Increment(ref _unreadable) == 1)
            {
                LogUnreadable(logger, record.Key, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent cards: the card of {Agent} cannot be read ({Reason}); it and any later unreadable card are skipped")]
    private static partial void LogUnreadable(ILogger logger, string agent, string reason);
}

/// <summary>An agent's card and the inventory it carries (null when its worker published none).</summary>
internal sealed record AgentCardView(A2aAgentCard Card, JsonElement? Inventory);
