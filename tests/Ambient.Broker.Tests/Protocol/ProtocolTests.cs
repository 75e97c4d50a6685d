using Ambient.Broker.Protocol;
using Ambient.Testing;

namespace Ambient.Broker.Tests.Protocol;

/// <summary>Wire-level behaviour of the embedded broker that no well-behaved client would exercise.</summary>
public sealed class ProtocolTests(KafkaFixture kafka)
{
    private async Task<RawKafkaConnection> ConnectAsync()
    {
        kafka.RequireEmbedded("it checks the embedded broker's own wire behaviour");
        return await RawKafkaConnection.ConnectAsync(kafka.Embedded!.Endpoint);
    }

    [Fact]
    public async Task ApiVersions_V3Flexible_AdvertisesTableWithV0ResponseHeader()
    {
        using var connection = await ConnectAsync();

        var response = await connection.RequestAsync(ApiKey.ApiVersions, 3, w =>
        {
            w.WriteCompactString("raw-test");
            w.WriteCompactString("1.0");
            w.WriteEmptyTaggedFields();
        }, flexibleHeader: true);

        Assert.Equal(ErrorCode.None, (ErrorCode)response.ReadInt16());
        var apis = response.ReadCompactArray(r =>
        {
            var range = (Key: r.ReadInt16(), Min: r.ReadInt16(), Max: r.ReadInt16());
            r.SkipTaggedFields();
            return range;
        });
        Assert.Equal(SupportedApis.All.Where(a => !SupportedApis.IsSasl(a.Key)).Select(a => ((short)a.Key, a.MinVersion, a.MaxVersion)), apis); // SASL only when secure
        Assert.Contains(((short)ApiKey.Produce, (short)0, (short)8), apis);
    }

    [Fact]
    public async Task ApiVersions_NewerThanSupported_AnswersV0LayoutWithOwnRange()
    {
        using var connection = await ConnectAsync();

        var response = await connection.RequestAsync(ApiKey.ApiVersions, 9, _ => { }, flexibleHeader: true);

        Assert.Equal(ErrorCode.UnsupportedVersion, (ErrorCode)response.ReadInt16());
        Assert.Equal([((short)18, (short)0, (short)3)], response.ReadArray(r => (r.ReadInt16(), r.ReadInt16(), r.ReadInt16())));
    }

    [Fact]
    public async Task Produce_V2_RefusedWithUnsupportedVersionLikeKafka4()
    {
        using var connection = await ConnectAsync();

        var response = await connection.RequestAsync(ApiKey.Produce, 2, w =>
        {
            w.WriteInt16(-1);
            w.WriteInt32(1000);
            w.WriteArrayLength(1);
            w.WriteString("legacy");
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteBytes(new byte[30]);
        });

        response.ReadArrayLength();
        response.ReadString();
        response.ReadArrayLength();
        response.ReadInt32();
        Assert.Equal(ErrorCode.UnsupportedVersion, (ErrorCode)response.ReadInt16());
    }

    [Theory]
    [InlineData(999, 0)]
    [InlineData((int)ApiKey.Metadata, 12)]
    [InlineData((int)ApiKey.Fetch, 3)]
    public async Task UnknownKeyOrUnsupportedVersion_ConnectionClosedOthersUnaffected(int apiKey, short version)
    {
        using var bad = await ConnectAsync();
        using var good = await ConnectAsync();

        await bad.SendAsync(bad.Frame((ApiKey)apiKey, version, w => w.WriteInt32(-1)));

        Assert.True(await bad.IsClosedByBrokerAsync());
        var metadata = await good.RequestAsync(ApiKey.Metadata, 1, RawRequests.Metadata());
        Assert.Equal(1, metadata.ReadArrayLength());
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-5)]
    [InlineData(3)]
    public async Task FrameSize_OutOfBounds_ConnectionClosedWithoutReadingIt(int size)
    {
        using var connection = await ConnectAsync();

        await connection.SendAsync([(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, 0, 3, 0, 1]);

        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task PipelinedRequests_AnsweredInRequestOrder()
    {
        using var connection = await ConnectAsync();
        var topic = await kafka.CreateTopicAsync("pipeline");
        var burst = new List<byte>();
        for (var i = 0; i < 60; i++)
        {
            burst.AddRange((i % 3) switch
            {
                0 => connection.Frame(ApiKey.ApiVersions, 0, _ => { }, correlationId: 1000 + i),
                1 => connection.Frame(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, RawRequests.Batch($"p{i}")), correlationId: 1000 + i),
                _ => connection.Frame(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0), correlationId: 1000 + i),
            });
        }

        await connection.SendAsync([.. burst]);
        var correlationIds = new List<int>();
        var latest = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            var (correlationId, body) = await connection.ReceiveAsync();
            correlationIds.Add(correlationId);
            if (i % 3 == 2)
            {
                latest.Add(RawRequests.ReadLatestOffsetV1(body));
            }
        }

        Assert.Equal(Enumerable.Range(1000, 60), correlationIds);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), latest);
    }

    [Fact]
    public async Task Produce_AcksZero_NoResponseAndNextAnswerStillMatches()
    {
        using var connection = await ConnectAsync();
        var topic = await kafka.CreateTopicAsync("acks0");

        await connection.SendAsync(connection.Frame(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, RawRequests.Batch("fire", "forget"), acks: 0)));
        var latest = RawRequests.ReadLatestOffsetV1(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0)));

        Assert.Equal(2, latest);
    }

    [Fact]
    public async Task Produce_CorruptOrTruncatedBatches_RefusedAndLogUnchanged()
    {
        using var connection = await ConnectAsync();
        var topic = await kafka.CreateTopicAsync("corrupt");
        var good = RawRequests.Batch("a", "b", "c");
        var badCrc = (byte[])good.Clone();
        badCrc[^1] ^= 0x55;
        var truncated = good[..^4];
        var wrongMagic = (byte[])good.Clone();
        wrongMagic[16] = 1;

        var results = new List<(ErrorCode Error, long, string? Message)>();
        foreach (var records in new[] { badCrc, truncated, wrongMagic, Array.Empty<byte>() })
        {
            results.Add(RawRequests.ReadProduceV8(await connection.RequestAsync(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, records))));
        }

        var accepted = RawRequests.ReadProduceV8(await connection.RequestAsync(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, good)));
        var latest = RawRequests.ReadLatestOffsetV1(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0)));

        Assert.Equal([ErrorCode.CorruptMessage, ErrorCode.CorruptMessage, ErrorCode.UnsupportedForMessageFormat, ErrorCode.InvalidRecord], results.Select(r => r.Error));
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r.Message)));
        Assert.Equal((ErrorCode.None, 0L), (accepted.Error, accepted.BaseOffset));
        Assert.Equal(3, latest);
    }

    [Fact]
    public async Task Produce_IdempotentRetries_DeduplicatedAndGapsRefused()
    {
        using var connection = await ConnectAsync();
        var topic = await kafka.CreateTopicAsync("idempotent");
        var init = await connection.RequestAsync(ApiKey.InitProducerId, 1, w =>
        {
            w.WriteNullableString(null);
            w.WriteInt32(60000);
        });
        init.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)init.ReadInt16());
        var producerId = init.ReadInt64();
        var epoch = init.ReadInt16();

        async Task<(ErrorCode Error, long Offset)> SendAsync(int sequence, params string[] values)
        {
            var result = RawRequests.ReadProduceV8(await connection.RequestAsync(ApiKey.Produce, 8,
                RawRequests.Produce(topic, 0, RawRequests.Batch(producerId, epoch, sequence, values))));
            return (result.Error, result.BaseOffset);
        }

        var first = await SendAsync(0, "a", "b");
        var retry = await SendAsync(0, "a", "b");
        var second = await SendAsync(2, "c");
        var gap = await SendAsync(7, "lost?");
        var staleEpoch = RawRequests.ReadProduceV8(await connection.RequestAsync(ApiKey.Produce, 8,
            RawRequests.Produce(topic, 0, RawRequests.Batch(producerId, (short)(epoch - 1), 3, "old")))).Error;
        var latest = RawRequests.ReadLatestOffsetV1(await connection.RequestAsync(ApiKey.ListOffsets, 1, RawRequests.LatestOffset(topic, 0)));

        Assert.Equal((ErrorCode.None, 0L), first);
        Assert.Equal((ErrorCode.None, 0L), retry);
        Assert.Equal((ErrorCode.None, 2L), second);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, gap.Error);
        Assert.Equal(ErrorCode.InvalidProducerEpoch, staleEpoch);
        Assert.Equal(3, latest);
    }

    [Fact]
    public async Task OffsetForLeaderEpoch_V2_EpochZeroEndsAtLogEnd()
    {
        using var connection = await ConnectAsync();
        var topic = await kafka.CreateTopicAsync("epochs");
        await connection.RequestAsync(ApiKey.Produce, 8, RawRequests.Produce(topic, 0, RawRequests.Batch("a", "b", "c", "d")));

        var response = await connection.RequestAsync(ApiKey.OffsetForLeaderEpoch, 2, w =>
        {
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(3);
            foreach (var (current, requested) in new[] { (0, 0), (-1, -1), (5, 0) })
            {
                w.WriteInt32(0);
                w.WriteInt32(current);
                w.WriteInt32(requested);
            }
        });

        response.ReadInt32(); // throttle
        response.ReadArrayLength();
        response.ReadString();
        var answers = response.ReadArray(r => ((ErrorCode)r.ReadInt16(), r.ReadInt32(), r.ReadInt32(), r.ReadInt64()));
        Assert.Equal(
        [
            (ErrorCode.None, 0, 0, 4L),
            (ErrorCode.None, 0, -1, -1L),
            (ErrorCode.UnknownLeaderEpoch, 0, -1, -1L),
        ], answers);
    }
}
