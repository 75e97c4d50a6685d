using System.Net;
using Ambient.Broker.Network;
using Ambient.Broker.Protocol;
using Ambient.Broker.Tests.Protocol;
using Ambient.Testing;

namespace Ambient.Broker.Tests.Network;

/// <summary>max.connections and max.connections.per.ip, through raw sockets against a listening broker.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Accept_OverMaxConnections_ClosedWhileEarlierConnectionsServe()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.MaxConnections = 2);
        using var first = await ServedConnectionAsync(broker);
        using var second = await ServedConnectionAsync(broker);

        using var third = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        Assert.True(await third.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.MaxConnections));
        await AssertServesAsync(first);
        await AssertServesAsync(second);
    }

    [Fact]
    public async Task Accept_AfterAConnectionCloses_SlotFreedForANewOne()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.MaxConnections = 1);
        var first = await ServedConnectionAsync(broker);

        first.Dispose();
        await Eventually.UntilAsync(() => broker.Connections.Limiter.Open == 0, TestContext.Current.CancellationToken);
        using var next = await ServedConnectionAsync(broker);

        Assert.Equal(0, broker.Connections.Closures.Count(ConnectionCloseReason.MaxConnections));
    }

    [Fact]
    public async Task Accept_OverMaxConnectionsPerAddress_ClosedWhileOtherAddressesServe()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Binding clients to 127.0.0.2 and 127.0.0.3 needs Linux's whole-127/8 loopback.");
        await using var broker = await LimitedBroker.StartAsync(o => o.MaxConnectionsPerAddress = 2);
        var two = IPAddress.Parse("127.0.0.2");
        using var first = await ServedConnectionAsync(broker, two);
        using var second = await ServedConnectionAsync(broker, two);

        using var third = await RawKafkaConnection.ConnectAsync(broker.Endpoint, two);
        using var other = await ServedConnectionAsync(broker, IPAddress.Parse("127.0.0.3"));

        Assert.True(await third.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.MaxConnectionsPerAddress));
        await AssertServesAsync(first);
        await AssertServesAsync(second);
        await AssertServesAsync(other);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, -1)]
    public async Task StartAsync_ConnectionLimitNotPositive_Refused(int maxConnections, int maxPerAddress)
    {
        var options = EmbeddedBrokers.Options(TestDirectories.Create("limits"));
        options.MaxConnections = maxConnections;
        options.MaxConnectionsPerAddress = maxPerAddress;

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => KafkaBroker.StartAsync(options));

        Assert.Contains(maxConnections <= 0 ? "max.connections" : "max.connections.per.ip", error.Message, StringComparison.Ordinal);
    }

    // A request answered proves the broker accepted and admitted the connection before the next one arrives.
    private static async Task<RawKafkaConnection> ServedConnectionAsync(KafkaBroker broker, IPAddress? from = null)
    {
        var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint, from);
        await AssertServesAsync(connection);
        return connection;
    }

    private static async Task AssertServesAsync(RawKafkaConnection connection)
    {
        var response = await connection.RequestAsync(ApiKey.ApiVersions, 0, _ => { });
        Assert.Equal(ErrorCode.None, (ErrorCode)response.ReadInt16());
    }
}
