using System.Buffers.Binary;
using Ambient.Broker.Network;
using Ambient.Broker.Protocol;
using Ambient.Broker.Tests.Protocol;

namespace Ambient.Broker.Tests.Network;

/// <summary>
/// connections.max.idle.ms and the partial-frame timeout, through raw sockets. The limits are short so the
/// tests finish quickly; they assert what closed the connection, never how long it took.
/// </summary>
public sealed class ConnectionTimeoutTests
{
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Read_NoRequestForConnectionsMaxIdle_ConnectionClosed()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.ConnectionsMaxIdle = s_short);

        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        Assert.True(await connection.IsClosedByBrokerAsync());

        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.Idle));
        Assert.Equal(0, broker.Connections.Closures.Count(ConnectionCloseReason.PartialFrameTimeout));
    }

    [Fact]
    public async Task Read_PartialFrameNotCompletedInTime_ConnectionClosedAndMemoryReturned()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.PartialFrameTimeout = s_short);
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var start = new byte[4 + 100];
        BinaryPrimitives.WriteInt32BigEndian(start, 1024 * 1024);

        await connection.SendAsync(start);

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.PartialFrameTimeout));
        Assert.Equal(0, broker.Connections.Closures.Count(ConnectionCloseReason.Idle));
        Assert.Equal(0, broker.Connections.Memory.ReservedBytes);
        Assert.Equal(0, broker.Connections.Memory.AllocatedBytes);
    }

    [Fact]
    public async Task Read_SmallFrameStalledAfterItsPrefix_ConnectionClosed()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.PartialFrameTimeout = s_short);
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var frame = connection.Frame(ApiKey.ApiVersions, 0, _ => { });

        await connection.SendAsync(frame[..6]);

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.PartialFrameTimeout));
    }

    [Fact]
    public async Task Fetch_LongPollLongerThanIdleLimit_AnsweredNotClosed()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.ConnectionsMaxIdle = TimeSpan.FromSeconds(1));
        using (var setup = await RawKafkaConnection.ConnectAsync(broker.Endpoint))
        {
            await setup.RequestAsync(ApiKey.Metadata, 1, RawRequests.Metadata("long-poll"));
        }

        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        // Nothing to fetch: the broker holds the request for max_wait, several idle limits long.
        var response = await connection.RequestAsync(ApiKey.Fetch, 4, w =>
        {
            w.WriteInt32(-1);
            w.WriteInt32(4000);
            w.WriteInt32(1);
            w.WriteInt32(1 << 20);
            w.WriteInt8(0);
            w.WriteArrayLength(1);
            w.WriteString("long-poll");
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(0);
            w.WriteInt32(1 << 20);
        });

        Assert.Equal(0, response.ReadInt32()); // throttle time: answered, not closed as idle mid-poll
    }
}
