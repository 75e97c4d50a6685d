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
/// </summary>
public sealed class AgentCards(
    IReadOnlyList<AgentDefinition> agents,
    string bootstrapServers,
    IRecordPublisher publisher,
    AmbientTopics topics,
    AvroRecordCodec<A2aAgentCard> cards,
    ILogger<AgentCards> logger) : IHostedService
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
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var agent in agents)
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

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
