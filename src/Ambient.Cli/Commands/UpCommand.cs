using System.CommandLine;
using System.Net;
using Ambient.Broker;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient up</c>: starts Ambient on this machine with embedded defaults, nothing else required.
/// Today that is the broker on 127.0.0.1:9092 with data under ./.ambient/; the gateway and agent
/// workers join it as they are built.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for all local state.", DefaultValueFactory = _ => ".ambient" };
        var command = new Command("up", "Run Ambient locally on embedded defaults (broker on 127.0.0.1:9092, data in ./.ambient/).") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BrokerOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 9092),
                DataDirectory = Path.Combine(parse.GetValue(dataDir)!, "broker"),
            };
            return await BrokerRunner.RunAsync(options, Announce, cancellationToken);
        });
        return command;
    }

    private static void Announce(KafkaBroker broker, TextWriter output)
    {
        output.WriteLine("Ambient is up.");
        output.WriteLine($"  broker   embedded Kafka protocol   bootstrap.servers={broker.BootstrapServers}   data={Path.GetFullPath(broker.DataDirectory)}");
        output.WriteLine("Press Ctrl+C to stop.");
    }
}
