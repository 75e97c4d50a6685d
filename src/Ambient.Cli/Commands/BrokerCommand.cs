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

        var command = new Command("broker", "Run the embedded single-node Kafka-protocol broker until Ctrl-C or SIGTERM.")
        {
            listen, dataDir, noAutoCreate, partitions, advertised, rebalanceDelay,
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

            var options = new BrokerOptions
            {
                Listen = endpoint,
                DataDirectory = parse.GetValue(dataDir)!,
                AutoCreateTopics = !parse.GetValue(noAutoCreate),
                DefaultPartitions = parse.GetValue(partitions),
                AdvertisedHost = parse.GetValue(advertised),
                GroupInitialRebalanceDelay = TimeSpan.FromMilliseconds(parse.GetValue(rebalanceDelay)),
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
        output.WriteLine("Press Ctrl+C to stop.");
    }
}
