using System.Net;
using System.Security.Cryptography;
using Ambient.Supervisor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;

namespace Ambient.Cli.Commands;

/// <summary>
/// The supervisor console for <c>ambient up</c> (<c>--console-port</c>, 8090 by default, 0 for none). Its token comes from
/// <c>Ambient__Console__Token</c>; on a loopback address one is made up at each start and printed, as the gateway's
/// secrets are.
/// </summary>
internal sealed class ConsoleRunner
{
    private const string TokenKey = "Ambient:Console:Token";
    private const string TokenVariable = "Ambient__Console__Token";

    private readonly bool _madeUp;

    private ConsoleRunner(WebApplication app, IPEndPoint listen, string token, bool madeUp)
    {
        App = app;
        Listen = listen;
        Token = token;
        _madeUp = madeUp;
    }

    public WebApplication App { get; }

    public IPEndPoint Listen { get; }

    public string Token { get; }

    /// <summary>Starts the console, or reports why it cannot and returns the exit code.</summary>
    public static async Task<(ConsoleRunner? Console, int ExitCode)> TryStartAsync(string bootstrapServers, IPEndPoint listen,
        IReadOnlyDictionary<string, string?>? kafkaSettings, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?> { ["Ambient:Kafka:BootstrapServers"] = bootstrapServers };
        foreach (var (key, value) in kafkaSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var token = Environment.GetEnvironmentVariable(TokenVariable);
        var madeUp = string.IsNullOrEmpty(token);
        if (madeUp)
        {
            if (!IPAddress.IsLoopback(listen.Address))
            {
                await System.Console.Error.WriteLineAsync($"error: the console on {listen}, which is not a loopback address, needs its token from ${TokenVariable}.");
                return (null, ExitCodes.InvalidArguments);
            }

            token = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            settings[TokenKey] = token;
        }

        WebApplication app;
        try
        {
            app = ConsoleApplication.Create($"http://{listen}", settings);
        }
        catch (InvalidOperationException ex)
        {
            await System.Console.Error.WriteLineAsync($"error: {ex.Message}");
            return (null, ExitCodes.InvalidArguments);
        }

        try
        {
            await app.StartAsync(cancellationToken);
            return (new ConsoleRunner(app, listen, token!, madeUp), ExitCodes.Success);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            await System.Console.Error.WriteLineAsync($"error: {listen} is already in use. Choose another port with --console-port (0 runs no console).");
            return (null, ExitCodes.AddressInUse);
        }
    }

    public void Announce(TextWriter output) =>
        output.WriteLine($"  console  http://{Listen}   token {(_madeUp ? $"{Token}   (development only, new at each start)" : $"from ${TokenVariable}")}");
}
