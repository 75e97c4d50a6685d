using Ambient.A2a;
using Ambient.Abstractions.A2a;
using Ambient.Governance.State;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Tools;

namespace Ambient.Worker.Inventory;

/// <summary>
/// The worker's Agent Cards, each with its agent's inventory under the policies in force: built once the governance topic
/// was read whole (before that no zone is known, and a card saying green could be wrong), and again at each change of it.
/// </summary>
internal sealed class InventoryCardSource(
    IReadOnlyList<AgentDefinition> agents,
    GovernanceView governance,
    ToolRegistry tools,
    string bootstrapServers,
    AmbientTopics topics) : IAgentCardSource
{
    public Task Changed => governance.State.Changed;

    public async Task<IReadOnlyList<A2aAgentCard>> CardsAsync(CancellationToken cancellationToken)
    {
        await governance.CaughtUp.WaitAsync(cancellationToken);
        var policies = governance.State.Current.Policies;
        return [.. agents.Select(agent => AgentCards.CardOf(agent.Name, agent.Description, agent.Version, agent.Subscriptions.SelectMany(s => s.Types),
            bootstrapServers, topics, [InventoryExtension.For(AgentInventory.Of(agent, tools, policies))]))];
    }
}
