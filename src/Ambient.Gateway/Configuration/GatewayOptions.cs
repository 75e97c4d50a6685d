namespace Ambient.Gateway.Configuration;

/// <summary>
/// The gateway's settings, bound from <c>Ambient:Gateway</c>. Every source is enabled by default and an enabled
/// source without its secret stops the gateway at start; secrets may also come from files (<c>SecretFile</c>, ...).
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Gateway";

    /// <summary><c>POST /webhooks/github</c>.</summary>
    public GitHubSourceOptions GitHub { get; set; } = new();

    /// <summary><c>POST /webhooks/slack</c> and <c>/webhooks/slack/interactions</c>.</summary>
    public SlackSourceOptions Slack { get; set; } = new();

    /// <summary><c>POST /webhooks/alertmanager</c>.</summary>
    public AlertmanagerSourceOptions Alertmanager { get; set; } = new();

    /// <summary><c>POST /v1/events/{topic}</c>, the generic CloudEvents endpoint for any producer.</summary>
    public GenericSourceOptions Generic { get; set; } = new();

    /// <summary>The A2A JSON-RPC bridge to the agents' Kafka inboxes (<c>POST /a2a/{agent}</c>).</summary>
    public A2aGatewayOptions A2a { get; set; } = new();

    /// <summary>The watcher of Kubernetes Events, publishing to the cluster topic.</summary>
    public KubernetesWatcherOptions Kubernetes { get; set; } = new();

    /// <summary>Bearer token of <c>POST /v1/events/{topic}</c> and <c>/a2a</c>: the publish token named <c>default</c>.</summary>
    public string? PublishToken { get; set; }

    /// <summary>A file holding <see cref="PublishToken"/> (a mounted Kubernetes secret).</summary>
    public string? PublishTokenFile { get; set; }

    /// <summary>
    /// Topics the <see cref="PublishToken"/> may write to; empty: the custom events topic only. Listing a verified
    /// source's topic (GitHub, Slack, cluster) lets the token write there, stamped <c>publish:default</c>, never as the source.
    /// </summary>
    public string[] AllowedTopics { get; set; } = [];

    /// <summary>More publish tokens by name, each with its own topics (<c>PublishTokens:ci:Token</c>, <c>PublishTokens:ci:Topics:0</c>).</summary>
    public Dictionary<string, PublishTokenOptions> PublishTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where deliveries nobody routes (an unknown GitHub event) go, so nothing is dropped.</summary>
    public string UnroutedTopic { get; set; } = "ambient.events.unrouted";

    /// <summary>Largest accepted body; GitHub caps webhook payloads at 25 MB.</summary>
    public long MaxBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Body bytes all requests together may have in flight (being received and checked); over it a request is
    /// answered 503 with <c>Retry-After</c> before its body is read. Bounds the gateway's memory under large bodies.
    /// </summary>
    public long MaxInFlightBodyBytes { get; set; } = 96 * 1024 * 1024;

    /// <summary>Per-address limits on unauthenticated traffic, and the proxies trusted to name the client.</summary>
    public ClientLimitsOptions Clients { get; set; } = new();

    /// <summary>How long a request may take to send its body.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request waits for Kafka's acknowledgement before it is answered 503.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>Retry-After</c> of 503 answers.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What the gateway remembers to refuse repeated deliveries.</summary>
    public DeduplicationOptions Deduplication { get; set; } = new();
}
