using System.CommandLine;
using System.Globalization;
using Ambient.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Cli.Commands;

/// <summary>
/// What the commands that talk to Kafka share: <c>--bootstrap</c>, <c>--timeout-ms</c>, and a host with
/// <c>AddAmbientKafka</c>, so they use the same publisher, topic names (<c>Ambient__Topics__*</c> variables)
/// and option validation as the services.
/// </summary>
internal static class KafkaConnection
{
    public const string BootstrapVariable = "AMBIENT_KAFKA_BOOTSTRAP";
    private const int MinimumTimeoutMs = 100;

    public static Option<string> BootstrapOption() => new("--bootstrap")
    {
        Description = $"Kafka bootstrap servers (host:port). Default: ${BootstrapVariable}, else 127.0.0.1:9092.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(BootstrapVariable) is { Length: > 0 } bootstrap ? bootstrap.Trim() : "127.0.0.1:9092",
    };

    public static Option<int> TimeoutOption() => new("--timeout-ms")
    {
        Description = $"How long to wait for the broker before giving up (at least {MinimumTimeoutMs}).",
        DefaultValueFactory = _ => 10_000,
    };

    /// <summary>
    /// Builds the host for <paramref name="bootstrap"/> and runs <paramref name="work"/> with it; arguments that cannot work
    /// and Kafka's errors are reported as every command reports them.
    /// </summary>
    public static async Task<int> WithHostAsync(string bootstrap, int timeoutMs, Func<IHost, Task<int>> work, Action<IHostApplicationBuilder>? register = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var host = await TryBuildHostAsync(bootstrap, timeoutMs, register);
        if (host is null)
        {
            return ExitCodes.InvalidArguments;
        }

        try
        {
            return await work(host);
        }
        catch (Exception ex) when (ex is KafkaOperationException or InvalidOperationException)
        {
            return await ReportAsync(ex, bootstrap);
        }
    }

    /// <summary>Builds the host, or returns null after printing why the arguments cannot work.</summary>
    public static async Task<IHost?> TryBuildHostAsync(string bootstrap, int timeoutMs, Action<IHostApplicationBuilder>? register = null)
    {
        // librdkafka wants message.timeout.ms above linger.ms (5); below 100 ms nothing could be delivered anyway.
        if (timeoutMs < MinimumTimeoutMs)
        {
            await Console.Error.WriteLineAsync($"error: --timeout-ms must be at least {MinimumTimeoutMs}.");
            return null;
        }

        var timeout = timeoutMs.ToString(CultureInfo.InvariantCulture);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddEnvironmentVariables();
        builder.AddAmbientKafka(options =>
        {
            options.BootstrapServers = bootstrap;
            options.Producer["message.timeout.ms"] = timeout;
            options.Admin["socket.timeout.ms"] = timeout;
        });
        register?.Invoke(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            host.Dispose();
            return null;
        }
    }

    /// <summary>Prints why the Kafka operation failed and returns the exit code for it.</summary>
    public static async Task<int> ReportAsync(Exception error, string bootstrap)
    {
        if (error is KafkaOperationException)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}\n{Hint(bootstrap)}");
            return ExitCodes.KafkaError;
        }

        // A pass-through librdkafka setting (Ambient__Kafka__Producer__*, ...) that the client rejected.
        await Console.Error.WriteLineAsync($"error: {error.Message}");
        return ExitCodes.InvalidArguments;
    }

    // A SASL broker closes the connection of a client without credentials, which librdkafka reports as a transport failure.
    private static string Hint(string bootstrap) =>
        $"Is a Kafka broker running at {bootstrap}? Start the embedded one with `ambient up`, or pass --bootstrap. "
        + "If it requires SASL (`ambient up --secure`), give the credentials it printed: env $(cat .ambient/credentials/ambient-operator.env) ambient ...";
}
