using System.Buffers.Binary;
using Ambient.Broker.Network;
using Ambient.Broker.Protocol;
using Ambient.Broker.Tests.Protocol;
using Ambient.Testing;

namespace Ambient.Broker.Tests.Network;

/// <summary>
/// socket.request.max.bytes checked on the size prefix, the queued.max.request.bytes budget, and frame
/// buffers that grow with what arrives and are returned however the frame ends, through raw sockets.
/// </summary>
public sealed class RequestMemoryTests(KafkaFixture kafka)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Read_SizePrefixOverMaxRequestBytes_ClosedWithoutAllocating()
    {
        await using var broker = await LimitedBroker.StartAsync(o => o.MaxRequestBytes = MiB);
        using var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        await connection.SendAsync(Prefix(MiB + 1));

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(1, broker.Connections.Closures.Count(ConnectionCloseReason.RequestTooLarge));
        Assert.Equal(0, broker.Connections.Memory.BuffersCreated);
        Assert.Equal(0, broker.Connections.Memory.ReservedBytes);
    }

    [Fact]
    public async Task Read_LargeFramesOverQueuedBudget_LaterOneWaitsAndOnlyReceivedBytesHeld()
    {
        await using var broker = await LimitedBroker.StartAsync(o =>
        {
            o.MaxRequestBytes = MiB;
            o.MaxQueuedRequestBytes = MiB / 2;
        });
        var memory = broker.Connections.Memory;
        using var first = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        using var second = await RawKafkaConnection.ConnectAsync(broker.Endpoint);
        var firstFrame = PaddedApiVersions(first, MiB);
        var secondFrame = PaddedApiVersions(second, MiB);

        await first.SendAsync(firstFrame[..(100 * 1024)]);
        await Eventually.UntilAsync(() => memory.ReservedBytes == MiB - 4 && memory.AllocatedBytes > 0, TestContext.Current.CancellationToken);
        var secondSent = second.SendAsync(secondFrame);
        await Eventually.UntilAsync(() => memory.Waiting == 1, TestContext.Current.CancellationToken);

        Assert.InRange(memory.AllocatedBytes, 1, 256 * 1024);
        await first.SendAsync(firstFrame[(100 * 1024)..]);
        Assert.Equal(ErrorCode.None, (ErrorCode)(await first.ReceiveAsync()).Body.ReadInt16());
        Assert.Equal(ErrorCode.None, (ErrorCode)(await second.ReceiveAsync()).Body.ReadInt16());
        await secondSent;
        Assert.Equal(0, memory.ReservedBytes);
        Assert.Equal(0, memory.AllocatedBytes);
    }

    [Fact]
    public async Task Read_ClientLeavesMidFrame_BufferAndReservationReturned()
    {
        await using var broker = await LimitedBroker.StartAsync(_ => { });
        var memory = broker.Connections.Memory;
        var connection = await RawKafkaConnection.ConnectAsync(broker.Endpoint);

        await connection.SendAsync([.. Prefix(64 * MiB), .. new byte[3 * MiB]]);
        await Eventually.UntilAsync(() => memory.AllocatedBytes >= 3 * MiB, TestContext.Current.CancellationToken);
        connection.Dispose();

        await Eventually.UntilAsync(() => memory.AllocatedBytes == 0 && memory.ReservedBytes == 0, TestContext.Current.CancellationToken);
        Assert.Equal(1, memory.BuffersCreated);
    }

    [Fact]
    public async Task Produce_28MiBRequestWithDefaultLimits_Appended()
    {
        // Event topics will allow records up to ~27 MiB, so one produce request of ~28 MiB must get through.
        kafka.RequireEmbedded("it sends raw frames to the broker's endpoint");
        var topic = await kafka.CreateTopicAsync("large-request", configs: new() { ["max.message.bytes"] = $"{30 * MiB}" });
        using var connection = await RawKafkaConnection.ConnectAsync(kafka.Embedded!.Endpoint);
        var batch = RawRequests.Batch(new string('x', 28 * MiB));

        var response = await connection.RequestAsync(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, batch));

        var (error, baseOffset, message) = RawRequests.ReadProduceV8(response);
        Assert.True(error == ErrorCode.None, $"{error}: {message}");
        Assert.Equal(0, baseOffset);
        Assert.Equal(1, RawRequests.ReadLatestOffsetV1(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0))));
    }

    [Fact]
    public async Task ReserveAsync_FrameBiggerThanWholeBudget_AdmittedAloneOthersWait()
    {
        var memory = new RequestMemory(budget: 1024);

        var waited = await memory.ReserveAsync(4096, TestContext.Current.CancellationToken);
        var next = memory.ReserveAsync(10, TestContext.Current.CancellationToken).AsTask();

        Assert.False(waited);
        Assert.False(next.IsCompleted);
        memory.Release(4096);
        Assert.True(await next);
        Assert.Equal(10, memory.ReservedBytes);
    }

    private static byte[] Prefix(int size)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, size);
        return prefix;
    }

    // ApiVersions v0 ignores its body, so padding makes a valid request of any size.
    private static byte[] PaddedApiVersions(RawKafkaConnection connection, int totalBytes)
    {
        var header = connection.Frame(ApiKey.ApiVersions, 0, _ => { }).Length;
        var frame = connection.Frame(ApiKey.ApiVersions, 0, w => w.WriteRaw(new byte[totalBytes - header]));
        Assert.Equal(totalBytes, frame.Length);
        return frame;
    }
}
