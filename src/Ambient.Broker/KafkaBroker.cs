using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ambient.Broker.Groups;
using Ambient.Broker.Handlers;
using Ambient.Broker.Network;
using Ambient.Broker.Producers;
using Ambient.Broker.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Broker;

/// <summary>
/// A single-node, disk-backed broker that speaks the Apache Kafka wire protocol, so unchanged Kafka
/// clients (Confluent.Kafka/librdkafka, kafkajs, kafka-python) produce, consume in groups and administer
/// topics against it. It is Ambient's embedded default for development and CI; production runs real Kafka.
/// </summary>
public sealed class KafkaBroker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private readonly Socket _listener;
    private readonly DataDirectoryLock _lock;
    private readonly TopicStore _topics;
    private readonly OffsetStore _offsets;
    private readonly GroupCoordinator _groups;
    private readonly LogMaintenance _maintenance;
    private readonly RequestDispatcher _dispatcher;
    private readonly ConnectionServices _connectionServices;
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    private KafkaBroker(BrokerOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger<KafkaBroker>();
        Directory.CreateDirectory(options.DataDirectory);
        _lock = DataDirectoryLock.Acquire(options.DataDirectory);
        try
        {
            ClusterId = BrokerMetadata.LoadOrCreateClusterId(options.DataDirectory, options.NodeId);
            _topics = new TopicStore(options.DataDirectory, new Dictionary<string, string>(options.TopicDefaults), time, loggerFactory.CreateLogger<TopicStore>());
            _topics.Load();
            _offsets = new OffsetStore(options.DataDirectory);
            _topics.TopicDeleted += _offsets.RemoveTopic;
            _groups = new GroupCoordinator(_offsets, options, time, loggerFactory.CreateLogger<GroupCoordinator>());
            var maxProducerId = _topics.All.SelectMany(t => t.Partitions).Select(p => p.Producers.MaxProducerId).DefaultIfEmpty(-1).Max();
            var producerIds = new ProducerIdAllocator(options.DataDirectory, maxProducerId + 1);
            _maintenance = new LogMaintenance(_topics, options, time, loggerFactory.CreateLogger<LogMaintenance>());

            _listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Bind(options.Listen);
            _listener.Listen(512);
            Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
            AdvertisedHost = options.AdvertisedHost ?? DefaultAdvertisedHost(options.Listen.Address);

            var services = new BrokerServices(options, ClusterId, AdvertisedHost, Endpoint.Port, _topics, _groups, producerIds, time, loggerFactory,
                options.Security?.CreateAuthorizer());
            _dispatcher = new RequestDispatcher(services, ApiHandlers.All, loggerFactory.CreateLogger<RequestDispatcher>());
            _connectionServices = new ConnectionServices(options, _dispatcher, time, _logger);
        }
        catch
        {
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>The address the broker listens on (with the real port when port 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The host name clients are told to connect to.</summary>
    public string AdvertisedHost { get; }

    /// <summary><c>host:port</c> for a client's <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers => $"{AdvertisedHost}:{Endpoint.Port}";

    /// <summary>The cluster id, created once and kept in the data directory.</summary>
    public string ClusterId { get; }

    /// <summary>True when clients must authenticate with SASL and ACLs apply (<see cref="BrokerOptions.Security"/>).</summary>
    public bool IsSecure => _options.Security is not null;

    /// <summary>The data directory in use.</summary>
    public string DataDirectory => _options.DataDirectory;

    /// <summary>The request pipeline, for in-process protocol tests (fuzzing the decoders without sockets).</summary>
    internal RequestDispatcher Dispatcher => _dispatcher;

    /// <summary>Connection limits, request memory and closure counts, for tests of the network limits.</summary>
    internal ConnectionServices Connections => _connectionServices;

    /// <summary>Runs one retention, compaction and cleanup pass now (tests; the background loop does the same).</summary>
    internal void RunLogMaintenance() => _maintenance.RunOnce(forceRetention: true);

    /// <summary>
    /// Loads the data directory (recovering any torn log tails), binds the listener and starts serving.
    /// </summary>
    /// <exception cref="IOException">The data directory is in use by another broker, or cannot be read.</exception>
    /// <exception cref="SocketException">The listen address is taken or invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A connection or request limit in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="BrokerOptions.Security"/> is set but has no users.</exception>
    public static Task<KafkaBroker> StartAsync(BrokerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        BrokerOptionsValidator.Validate(options);
        var broker = new KafkaBroker(options, loggerFactory ?? NullLoggerFactory.Instance, time ?? TimeProvider.System);
        broker._acceptLoop = broker.AcceptLoopAsync();
        broker._maintenance.Start();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        broker._logger.LogBrokerStarted(broker.BootstrapServers, dataDirectory, broker.ClusterId);
        return Task.FromResult(broker);
    }

    /// <summary>Stops accepting, closes every connection, and flushes and closes all logs.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _maintenance.StopAsync();
        _maintenance.Dispose();
        _groups.Dispose();
        _offsets.Dispose();
        _topics.Dispose();
        _lock.Dispose();
        _stopping.Dispose();
        _logger.LogBrokerStopped(BootstrapServers);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogAcceptFailed(ex);
                continue;
            }

            var address = ConnectionLimiter.AddressOf(socket.RemoteEndPoint);
            if (!_connectionServices.Limiter.TryAdmit(address, out var refusal))
            {
                // Kafka closes a connection over max.connections.per.ip at once but holds back accepting over
                // max.connections; closing both keeps the backlog moving and tells the client straight away.
                _connectionServices.Closures.Record(refusal, socket.RemoteEndPoint?.ToString() ?? "unknown");
                socket.Dispose();
                continue;
            }

            var connection = new ClientConnection(socket, _connectionServices);
            var task = Task.Run(() => ServeAsync(connection, address));
            _connections[task] = true;
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(ClientConnection connection, IPAddress address)
    {
        try
        {
            await connection.RunAsync(_stopping.Token);
        }
        finally
        {
            _connectionServices.Limiter.Release(address);
        }
    }

    private static string DefaultAdvertisedHost(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : address.ToString();
}
