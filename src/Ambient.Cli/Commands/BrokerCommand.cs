using System.CommandLine;
using Ambient.Broker;

namespace Ambient.Cli.Commands;

/// <summary><c>ambient broker</c>: runs only the embedded Kafka-protocol broker.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Address to listen on (host:port).", DefaultValueFactory = _ => "127.0.0.1:9092" };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for topic logs and committed offsets.", DefaultValueFactory = _ => Path.Combine(".ambient", "broker") };
        var noAutoCreate = new Option<bool>("--no-auto-create") { Description = "Do not create unknown topics when clients ask for them." };
        var partitions = new Option<int>("--default-partitions") { Description = "Partitions of auto-created topics.", DefaultValueFactory = _ => 1 };
        var advertised = new Option<string?>("--advertised-host") { Description = "Host name given to clients (default: the listen address)." };
        var rebalanceDelay = new Option<int>("--group-initial-rebalance-delay-ms")
        {
            Description = "How long a new group's first rebalance waits for more members (Kafka's default 3000; 0 for fast single-consumer development).",
            DefaultValueFactory = _ => 3000,
        };

        // Connection and request limits, named after Kafka's broker configs; the defaults are BrokerOptions'.
        var defaults = new BrokerOptions();
        var maxConnections = new Option<long>("--max-connections") { Description = "Most client connections open at once; more are closed on accept (Kafka: unlimited).", DefaultValueFactory = _ => defaults.MaxConnections };
        var maxPerIp = new Option<long>("--max-connections-per-ip") { Description = "Most connections open at once from one IP address (default: unlimited, as Kafka).", DefaultValueFactory = _ => defaults.MaxConnectionsPerAddress };
        var maxIdle = new Option<long>("--connections-max-idle-ms") { Description = "Close a connection that sends no request for this long.", DefaultValueFactory = _ => (long)defaults.ConnectionsMaxIdle.TotalMilliseconds };
        var partialFrame = new Option<long>("--partial-frame-timeout-ms") { Description = "Close a connection whose started request frame does not complete within this (Ambient's own).", DefaultValueFactory = _ => (long)defaults.PartialFrameTimeout.TotalMilliseconds };
        var maxRequest = new Option<long>("--socket-request-max-bytes") { Description = "Largest request frame; a bigger size prefix closes the connection.", DefaultValueFactory = _ => defaults.MaxRequestBytes };
        var queuedMax = new Option<long>("--queued-max-request-bytes") { Description = "Total size of request frames over 64 KiB held at once; over it, connections pause reading (Kafka: unlimited).", DefaultValueFactory = _ => defaults.MaxQueuedRequestBytes };

        // SASL_PLAINTEXT (SCRAM-SHA-512 and PLAIN) with the ACLs of the KafkaUser manifests production applies.
        var users = new Option<string?>("--users") { Description = "Strimzi KafkaUser manifests (e.g. strimzi/common/users.yaml) whose simple ACLs the broker enforces." };
        var credentials = new Option<string?>("--scram-credentials") { Description = "File of user:password lines (# comments allowed) for users in --users; enables SASL." };
        var superUser = new Option<string[]>("--super-user") { Description = "A user that bypasses ACLs (Kafka's super.users), for admin tooling; repeatable.", AllowMultipleArgumentsPerToken = false };

        var command = new Command("broker", "Run the embedded single-node Kafka-protocol broker until Ctrl-C or SIGTERM.")
        {
            listen, dataDir, noAutoCreate, partitions, advertised, rebalanceDelay, maxConnections, maxPerIp, maxIdle, partialFrame, maxRequest, queuedMax,
            users, credentials, superUser,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!ListenAddress.TryParse(parse.GetValue(listen)!, out var endpoint, out var error))
            {
                await Console.Error.WriteLineAsync($"error: --listen: {error}");
                return ExitCodes.InvalidArguments;
            }

            if (parse.GetValue(partitions) < 1)
            {
                await Console.Error.WriteLineAsync("error: --default-partitions must be at least 1.");
                return ExitCodes.InvalidArguments;
            }

            if (parse.GetValue(rebalanceDelay) < 0)
            {
                await Console.Error.WriteLineAsync("error: --group-initial-rebalance-delay-ms cannot be negative.");
                return ExitCodes.InvalidArguments;
            }

            Option<long>[] limits = [maxConnections, maxPerIp, maxIdle, partialFrame, maxRequest, queuedMax];
            if (limits.FirstOrDefault(o => parse.GetValue(o) < 1 || (o != queuedMax && parse.GetValue(o) > int.MaxValue)) is { } bad)
            {
                await Console.Error.WriteLineAsync($"error: {bad.Name} must be between 1 and {(bad == queuedMax ? long.MaxValue : int.MaxValue)}.");
                return ExitCodes.InvalidArguments;
            }

            var (security, securityError) = BrokerSecurityArguments.Load(parse.GetValue(users), parse.GetValue(credentials), parse.GetValue(superUser) ?? []);
            if (securityError is not null)
            {
                await Console.Error.WriteLineAsync($"error: {securityError}");
                return ExitCodes.InvalidArguments;
            }

            var options = new BrokerOptions
            {
                Listen = endpoint,
                DataDirectory = parse.GetValue(dataDir)!,
                AutoCreateTopics = !parse.GetValue(noAutoCreate),
                DefaultPartitions = parse.GetValue(partitions),
                AdvertisedHost = parse.GetValue(advertised),
                GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(parse.GetValue(rebalanceDelay)),
                MaxConnections = (int)parse.GetValue(maxConnections),
                MaxConnectionsPerAddress = (int)parse.GetValue(maxPerIp),
                ConnectionsMaxIdle = TimeSpan.FromMilliseconds(parse.GetValue(maxIdle)),
                PartialFrameTimeout = TimeSpan.FromMilliseconds(parse.GetValue(partialFrame)),
                MaxRequestBytes = (int)parse.GetValue(maxRequest),
                MaxQueuedRequestBytes = parse.GetValue(queuedMax),
                Security = security,
            };
            return await BrokerRunner.RunAsync(options, Announce, cancellationToken);
        });
        return command;
    }

    private static void Announce(KafkaBroker broker, TextWriter output)
    {
        output.WriteLine($"Kafka-protocol broker listening on {broker.BootstrapServers}");
        output.WriteLine($"  data directory: {Path.GetFullPath(broker.DataDirectory)}");
        output.WriteLine($"  cluster id:     {broker.ClusterId}");
        output.WriteLine(broker.IsSecure
            ? "  security:       SASL_PLAINTEXT (SCRAM-SHA-512, PLAIN) with ACLs"
            : "  security:       none (PLAINTEXT, every client may do everything)");
        output.WriteLine("Press Ctrl+C to stop.");
    }
}
