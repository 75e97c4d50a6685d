namespace Ambient.Gateway.Configuration;

/// <summary>
/// <c>Ambient:Gateway:A2a</c>: the A2A JSON-RPC bridge (<c>POST /a2a/{agent}</c>, the agents' cards). Off by default: it
/// lets anyone holding <c>Ambient:Gateway:PublishToken</c> ask Ambient's agents to work.
/// </summary>
public sealed class A2aGatewayOptions
{
    /// <summary>Whether the A2A endpoints and their Kafka readers run.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a blocking <c>message/send</c> waits for a final status; also the requests' <c>ambient-deadline</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many task snapshots of <c>ambient.a2a.tasks</c> the gateway keeps for <c>tasks/get</c> (the least recently updated go first).</summary>
    public int TaskCapacity { get; set; } = 100_000;

    /// <summary>
    /// Largest JSON-RPC request body. A2A messages are conversation, and the agents' inbox, task and reply topics keep
    /// Kafka's default record limit (about 1 MB), so the bridge refuses (413) what those topics could not store.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>The gateway's public base URL for Agent Cards (<c>https://agents.example.com</c>); unset: the request's scheme and host.</summary>
    public Uri? PublicUrl { get; set; }
}
