using Ambient.Kafka.Topics;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Http;
using Ambient.Gateway.Kubernetes;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Delivery;

/// <summary>The topics the gateway writes: one per source, the unrouted topic, and the publish tokens' topics.</summary>
internal sealed class GatewayTopics(IOptions<AmbientTopics> topics, IOptions<GatewayOptions> options, PublishTokens tokens)
{
    public AmbientTopics Names => topics.Value;

    public string Unrouted => options.Value.UnroutedTopic;

    /// <summary>Every topic a delivery may land on (of the enabled endpoints), so its id is found there after a restart.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            var gateway = options.Value;
            var written = new List<string> { Unrouted };
            written.AddRange(gateway.GitHub.Enabled ? [Names.GitHubEvents] : []);
            written.AddRange(gateway.Slack.Enabled ? [Names.SlackEvents] : []);
            written.AddRange(gateway.Alertmanager.Enabled || KubernetesClientFactory.IsEnabled(gateway.Kubernetes) ? [Names.ClusterEvents] : []);
            written.AddRange(gateway.Generic.Enabled ? tokens.All.SelectMany(token => token.Topics) : []);
            return [.. written.Distinct(StringComparer.Ordinal)];
        }
    }
}
