using Ambient.Broker.Network;
using Ambient.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ambient.Broker.Tests.Network;

public sealed class ConnectionClosuresTests
{
    [Fact]
    public void Record_FloodOfRefusals_OneInformationPerIntervalRestAtDebug()
    {
        var time = new FakeTimeProvider();
        var logs = new CollectingLoggerProvider(LogLevel.Debug);
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var closures = new ConnectionClosures(new BrokerOptions { MaxConnections = 3, MaxConnectionsPerAddress = 2 }, time, factory.CreateLogger("test"));

        for (var i = 0; i < 5; i++)
        {
            closures.Record(ConnectionCloseReason.MaxConnections, $"127.0.0.1:{5000 + i}");
        }

        closures.Record(ConnectionCloseReason.MaxConnectionsPerAddress, "127.0.0.2:6000");
        time.Advance(ConnectionClosures.ReportInterval);
        closures.Record(ConnectionCloseReason.MaxConnections, "127.0.0.1:7000");

        var information = logs.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Message).ToList();
        Assert.Equal(3, information.Count);
        Assert.EndsWith("127.0.0.1:5000: max.connections (3) are open", information[0], StringComparison.Ordinal);
        Assert.EndsWith("127.0.0.2:6000: max.connections.per.ip (2) are open from its address", information[1], StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:7000: max.connections (3) are open; 4 more", information[2], StringComparison.Ordinal);
        Assert.Equal(4, logs.Entries.Count(e => e.Level == LogLevel.Debug));
        Assert.Equal(6, closures.Count(ConnectionCloseReason.MaxConnections));
    }
}
