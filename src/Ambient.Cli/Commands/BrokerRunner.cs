using System.Net.Sockets;
using Ambient.Broker;
using Microsoft.Extensions.Logging;

namespace Ambient.Cli.Commands;

/// <summary>Runs the embedded broker until the command is cancelled (Ctrl-C or SIGTERM), then stops it cleanly.</summary>
internal static class BrokerRunner
{
    public static async Task<int> RunAsync(BrokerOptions options, Action<KafkaBroker, TextWriter> announce, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));

        KafkaBroker broker;
        try
        {
            broker = await KafkaBroker.StartAsync(options, loggerFactory);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            await Console.Error.WriteLineAsync($"error: {options.Listen} is already in use. Is another broker running? Choose another address with --listen.");
            return ExitCodes.AddressInUse;
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.DataDirectoryInUse;
        }

        await using (broker)
        {
            announce(broker, Console.Out);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await Console.Out.WriteLineAsync("Stopping...");
            }
        }

        return ExitCodes.Success;
    }
}
