using Ambient.Abstractions.A2a;

namespace Ambient.A2a;

/// <summary>
/// The Agent Cards a worker publishes (<see cref="AgentCards"/>). They may change while it runs: the policies in force
/// decide the risk tier and zones a card's inventory shows.
/// </summary>
public interface IAgentCardSource
{
    /// <summary>Completes when the cards may have changed; read it before <see cref="CardsAsync"/>, so no change is missed.</summary>
    Task Changed { get; }

    /// <summary>The cards as of now, once they can be built (the worker's: once the governance topic was read whole).</summary>
    Task<IReadOnlyList<A2aAgentCard>> CardsAsync(CancellationToken cancellationToken);
}
