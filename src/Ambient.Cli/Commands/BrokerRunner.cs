using System.Net.Sockets;
using Ambient.Broker;
using Microsoft.Extensions.Logging;

namespace Ambient.Cli.Commands;

/// <summary>Starts the embedded broker with console logging and turns start-up failures into clear errors and exit codes.</summary>
internal static class BrokerRunner
{
    public static ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Information));

    /// <summary>Starts the broker, or reports why it cannot and returns the exit code.</summary>
    public static async Task<(KafkaBroker? Broker, int ExitCode)> TryStartAsync(BrokerOptions options, ILoggerFactory loggerFactory)
    {
        try
        {
            return (await KafkaBroker.StartAsync(options, loggerFactory), ExitCodes.Success);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            await Console.Error.WriteLineAsync($"error: {options.Listen} is already in use. Is another broker running? Choose another address with --listen.");
            return (null, ExitCodes.AddressInUse);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, ExitCodes.DataDirectoryInUse);
        }
    }

    /// <summary>Runs the broker until the command is cancelled (Ctrl-C or SIGTERM), then stops it cleanly.</summary>
    public static async Task<int> RunAsync(BrokerOptions options, Action<KafkaBroker, TextWriter> announce, CancellationToken cancellationToken)
    {
        using var loggerFactory = CreateLoggerFactory();
        var (broker, exitCode) = await TryStartAsync(options, loggerFactory);
        if (broker is null)
        {
            return exitCode;
        }

        await using (broker)
        {
            announce(broker, Console.Out);
            await WaitForShutdownAsync(cancellationToken);
        }

        return ExitCodes.Success;
    }

    public static async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await Console.Out.WriteLineAsync("Stopping...");
        }
    }
}
