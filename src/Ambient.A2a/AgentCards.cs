using Ambient.Abstractions.A2a;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Topics;
using Ambient.Avro.Serialization;
using Ambient.Runtime.Agents;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ambient.A2a;

/// <summary>
/// Publishes the Agent Card of every agent the worker runs to the compacted cards topic at start (key = agent
/// name), so other agents and the gateway can discover them. Same agent, same card: re-publishing is harmless.
/// In the background, retried until it succeeds: a registry or broker outage must not keep the worker from its events.
/// </summary>
public sealed class AgentCards(
    IReadOnlyList<AgentDefinition> agents,
    string bootstrapServers,
    IRecordPublisher publisher,
    AmbientTopics topics,
    AvroRecordCodec<A2aAgentCard> cards,
    ILogger<AgentCards> logger) : BackgroundService
{
    /// <summary>The card of <paramref name="agent"/>: its Kafka inbox and one skill per subscription, from its file.</summary>
    public static A2aAgentCard CardOf(AgentDefinition agent, string bootstrapServers, AmbientTopics topics)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(topics);
        var description = agent.Description ?? $"Ambient agent {agent.Name}";
        var skill = new A2aAgentSkill(agent.Name, agent.Name, description,
            [.. agent.Subscriptions.SelectMany(s => s.Types).Distinct(StringComparer.Ordinal)], []);
        return new A2aAgentCard(agent.Name, description, agent.Version,
            [new A2aAgentInterface($"kafka://{bootstrapServers}/{topics.A2aInbox(agent.Name)}", A2aKafka.BindingUri, A2aKafka.ProtocolVersion)],
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

    private async Task PublishAsync(AgentDefinition agent, CancellationToken cancellationToken)
    {
        var value = await cards.EncodeAsync(CardOf(agent, bootstrapServers, topics), cancellationToken);
        await publisher.PublishAsync(new OutgoingRecord(topics.A2aCards, agent.Name, value, new Dictionary<string, string>
        {
            [A2aKafka.ProtocolVersionHeader] = A2aKafka.ProtocolVersion,
            ["content-type"] = A2aKafka.ContentType,
        }), cancellationToken);
        logger.LogCardPublished(agent.Name, topics.A2aCards);
    }
}
