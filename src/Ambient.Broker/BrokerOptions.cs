using System.Net;
using Ambient.Broker.Security;

namespace Ambient.Broker;

/// <summary>Settings of the embedded broker. The defaults match Apache Kafka's unless noted.</summary>
public sealed class BrokerOptions
{
    /// <summary>Address and port to listen on; port 0 picks a free port (tests). Default 127.0.0.1:9092.</summary>
    public IPEndPoint Listen { get; set; } = new(IPAddress.Loopback, 9092);

    /// <summary>Host name given to clients in Metadata; defaults to the listen address (or the machine name for 0.0.0.0).</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>Directory that holds the topic logs, committed offsets and broker metadata.</summary>
    public string DataDirectory { get; set; } = Path.Combine(".ambient", "broker");

    /// <summary>The broker's node id, reported as leader, controller and coordinator.</summary>
    public int NodeId { get; set; }

    /// <summary>Create unknown topics when a client asks for their metadata (Kafka's <c>auto.create.topics.enable</c>).</summary>
    public bool AutoCreateTopics { get; set; } = true;

    /// <summary>Partitions of auto-created topics and of CreateTopics requests that pass -1 (Kafka's <c>num.partitions</c>).</summary>
    public int DefaultPartitions { get; set; } = 1;

    /// <summary>
    /// Largest request frame accepted (Kafka's <c>socket.request.max.bytes</c>). The size prefix is checked
    /// before anything is allocated for the frame; a bigger one closes the connection.
    /// </summary>
    public int MaxRequestBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>
    /// Total size of the request frames bigger than a connection's 64 KiB receive buffer that may be received
    /// or served at once, across all connections (Kafka's <c>queued.max.request.bytes</c>, unlimited there).
    /// A frame is counted at its announced size from its size prefix until it has been served; a connection
    /// whose frame does not fit stops reading (TCP pushes back on its client) until others finish, as Kafka
    /// mutes it. One frame is admitted whenever less than this is in use, so a frame bigger than the limit
    /// is never stuck. Default 256 MiB: room for nine ~28 MiB produce requests at once, while 50 clients
    /// each announcing 99 MiB can no longer make the broker hold 50 partial frames.
    /// </summary>
    public long MaxQueuedRequestBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most client connections open at once (Kafka's <c>max.connections</c>); a connection beyond it is
    /// closed right after it is accepted.
    /// </summary>
    /// <remarks>
    /// Kafka's default is unlimited. Ambient's is 1,000: a client opens one or two connections per broker, so
    /// development and CI stay far below it, while a connection leak or flood stops at about 1,000 sockets and
    /// at most 64 MiB of receive buffers instead of exhausting file descriptors and memory.
    /// </remarks>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// Most connections open at once from one IP address (Kafka's <c>max.connections.per.ip</c>, unlimited by
    /// default as in Kafka, since every local client shares 127.0.0.1); a connection beyond it is closed right
    /// after it is accepted.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = int.MaxValue;

    /// <summary>
    /// A connection that sends no request for this long is closed (Kafka's <c>connections.max.idle.ms</c>,
    /// 10 minutes). <see cref="Timeout.InfiniteTimeSpan"/> keeps idle connections open.
    /// </summary>
    public TimeSpan ConnectionsMaxIdle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Once the first byte of a request frame has arrived, the whole frame must arrive within this time or the
    /// connection is closed, so a client that announces a frame and stalls cannot hold its buffer. Ambient's
    /// own setting (Kafka has no direct equivalent); the default of 30 s is Kafka's <c>request.timeout.ms</c>,
    /// the time a client itself gives a request. Time spent waiting for <see cref="MaxQueuedRequestBytes"/>
    /// is not counted. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan PartialFrameTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the first rebalance of an empty group waits for more members (<c>group.initial.rebalance.delay.ms</c>).</summary>
    public TimeSpan GroupInitialRebalanceDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Smallest session timeout a group member may ask for (<c>group.min.session.timeout.ms</c>).</summary>
    public TimeSpan GroupMinSessionTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Largest session timeout a group member may ask for (<c>group.max.session.timeout.ms</c>).</summary>
    public TimeSpan GroupMaxSessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often retention is enforced (<c>log.retention.check.interval.ms</c>; Kafka's default is 5 minutes).</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the log cleaner looks for compactable partitions (<c>log.cleaner.backoff.ms</c>).</summary>
    public TimeSpan CleanerBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Topic config defaults that override Kafka's for topics created on this broker (e.g. <c>segment.bytes</c>).</summary>
    public IDictionary<string, string> TopicDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// SASL authentication (SCRAM-SHA-512 and PLAIN, Kafka's SASL_PLAINTEXT) and ACLs. Null (the default) keeps the
    /// broker open: no authentication, every client may do everything.
    /// </summary>
    public BrokerSecurity? Security { get; set; }
}
