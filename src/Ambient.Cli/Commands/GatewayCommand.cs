using System.CommandLine;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient gateway</c>: the webhook gateway alone, for a local split setup (a broker from <c>ambient broker</c> or a
/// real Kafka, workers elsewhere). Configured as the gateway's image is: <c>Ambient__*</c> environment variables.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var bootstrap = KafkaConnection.BootstrapOption();
        var listen = new Option<string>("--listen")
        {
            Description = "Address to listen on (host:port). On a non-loopback address every secret must come from the environment.",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var command = new Command("gateway", "Run the webhook gateway on its own: GitHub, Slack, Alertmanager and CloudEvents into Kafka.")
        {
            bootstrap, listen,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!ListenAddress.TryParse(parse.GetValue(listen)!, out var endpoint, out var error))
            {
                await Console.Error.WriteLineAsync($"error: --listen: {error}");
                return ExitCodes.InvalidArguments;
            }

            var (gateway, exitCode) = await GatewayRunner.TryStartAsync(parse.GetValue(bootstrap)!, endpoint, null, cancellationToken);
            if (gateway is null)
            {
                return exitCode;
            }

            await using (gateway.App)
            {
                Console.Out.WriteLine($"Gateway is up, writing to Kafka at {parse.GetValue(bootstrap)}. Ready once /readyz answers 200. Press Ctrl+C to stop.");
                gateway.Announce(Console.Out);
                await BrokerRunner.WaitForShutdownAsync(cancellationToken);
                await gateway.App.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
