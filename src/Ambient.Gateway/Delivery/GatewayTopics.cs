using Ambient.Abstractions.Topics;
using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Delivery;

/// <summary>The topics the gateway writes: one per source, the unrouted topic, and the generic endpoint's allow-list.</summary>
internal sealed class GatewayTopics(IOptions<AmbientTopics> topics, IOptions<GatewayOptions> options)
{
    public AmbientTopics Names => topics.Value;

    public string Unrouted => options.Value.UnroutedTopic;

    /// <summary>Topics <c>POST /v1/events/{topic}</c> accepts: as configured, or the three event topics.</summary>
    public IReadOnlySet<string> Allowed { get; } = options.Value.AllowedTopics is { Length: > 0 } allowed
        ? allowed.ToHashSet(StringComparer.Ordinal)
        : new HashSet<string>([topics.Value.GitHubEvents, topics.Value.SlackEvents, topics.Value.ClusterEvents], StringComparer.Ordinal);

    /// <summary>Every topic a delivery may land on, so its id is found there after a restart.</summary>
    public IReadOnlyList<string> All =>
        [.. new[] { Names.GitHubEvents, Names.SlackEvents, Names.ClusterEvents, Unrouted }.Concat(Allowed).Distinct(StringComparer.Ordinal)];
}
