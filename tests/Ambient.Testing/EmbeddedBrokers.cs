using System.Net;
using Ambient.Broker;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing;

/// <summary>Starts embedded brokers with test-friendly timings (no initial rebalance delay, fast log upkeep).</summary>
public static class EmbeddedBrokers
{
    /// <summary>Options for a test broker on a free loopback port.</summary>
    public static BrokerOptions Options(string dataDirectory, int port = 0) => new()
    {
        Listen = new IPEndPoint(IPAddress.Loopback, port),
        DataDirectory = dataDirectory,
        GroupInitialRebalanceDelay = TimeSpan.Zero,
        RetentionCheckInterval = TimeSpan.FromMilliseconds(200),
        CleanerBackoff = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Starts a broker on <paramref name="dataDirectory"/>; logs go to the console (warnings and above by default).</summary>
    public static Task<KafkaBroker> StartAsync(string dataDirectory, int port = 0, Action<BrokerOptions>? configure = null)
    {
        var options = Options(dataDirectory, port);
        configure?.Invoke(options);
        return KafkaBroker.StartAsync(options, s_loggerFactory);
    }

    // AMBIENT_TEST_BROKER_LOG=Information (or Debug, Trace) shows what the broker does during a test run.
    private static readonly ILoggerFactory s_loggerFactory = LoggerFactory.Create(builder => builder
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddProvider(Environment.GetEnvironmentVariable("AMBIENT_TEST_BROKER_LOG_FILE") is { Length: > 0 } file
            ? new FileLoggerProvider(file)
            : Microsoft.Extensions.Logging.Abstractions.NullLoggerProvider.Instance)
        .SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("AMBIENT_TEST_BROKER_LOG"), out var level) ? level : LogLevel.Warning));
}
