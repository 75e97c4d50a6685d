using System.Buffers.Binary;
using System.Net.Sockets;
using Ambient.Broker.Protocol;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Tests.Protocol;

/// <summary>
/// Randomized garbage at the decoders and at the socket. Seeds are fixed so a failure reproduces; set
/// AMBIENT_FUZZ_SEED to explore others. The broker may refuse anything but must never crash, corrupt a
/// log, or stop serving well-behaved clients.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private static readonly int s_seed = int.TryParse(Environment.GetEnvironmentVariable("AMBIENT_FUZZ_SEED"), out var seed) ? seed : 20261123;
    private readonly CollectingLoggerProvider _logs = new(LogLevel.Error);
    private ILoggerFactory? _loggerFactory;
    private KafkaBroker? _broker;

    private KafkaBroker Broker => _broker!;

    public async ValueTask InitializeAsync()
    {
        _loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        _broker = await KafkaBroker.StartAsync(EmbeddedBrokers.Options(TestDirectories.Create("fuzz")), _loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _loggerFactory?.Dispose();
    }

    [Fact]
    public async Task Decoders_RandomAndMutatedRequests_OnlyProtocolErrors()
    {
        var random = new Random(s_seed);
        var corpus = ValidRequests();
        using var response = new KafkaWriter();

        for (var i = 0; i < 20_000; i++)
        {
            var frame = i % 2 == 0 ? RandomFrame(random) : Mutate(random, corpus[random.Next(corpus.Count)]);
            response.Reset(keepCapacity: 64 * 1024);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            try
            {
                await Broker.Dispatcher.DispatchAsync(frame, response, new Ambient.Broker.Network.ClientSession("fuzz", "127.0.0.1", null), timeout.Token);
            }
            catch (Exception ex) when (ex is ProtocolException or OperationCanceledException)
            {
                // Refusing garbage is the point; waiting requests (fetch, join) are cut short by the timeout.
            }
            catch (Exception ex)
            {
                Assert.Fail($"Seed {s_seed}, frame {i}: {ex.GetType().Name}: {ex.Message}\n{Convert.ToHexString(frame)}");
            }
        }

        Assert.Empty(_logs.Entries);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Sockets_GarbageStreams_ConnectionsClosedBrokerKeepsServing()
    {
        var random = new Random(s_seed + 1);
        var payloads = Enumerable.Range(0, 40).Select(i =>
        {
            var garbage = new byte[random.Next(4, 4096)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                // A plausible size prefix, so the garbage reaches the header and body decoders.
                BinaryPrimitives.WriteInt32BigEndian(garbage, garbage.Length - 4);
            }

            return garbage;
        }).ToList();

        var attacks = payloads.Select(async garbage =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Broker.Endpoint);
            var stream = client.GetStream();
            try
            {
                await stream.WriteAsync(garbage);
                var buffer = new byte[4096];
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                while (await stream.ReadAsync(buffer, timeout.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // Closed by the broker, or left waiting for the rest of a frame.
            }
        });

        await Task.WhenAll(attacks);

        Assert.Empty(_logs.Entries);
        await AssertStillServesAsync();
    }

    private async Task AssertStillServesAsync()
    {
        var topic = KafkaFixture.UniqueName("after-fuzz");
        var config = new ProducerConfig { BootstrapServers = Broker.BootstrapServers, EnableIdempotence = true };
        using (var producer = new ProducerBuilder<Null, string>(config).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(topic, new Message<Null, string> { Value = $"ok-{i}" }, TestContext.Current.CancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers,
            GroupId = KafkaFixture.UniqueName("after-fuzz"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var values = Enumerable.Range(0, 10).Select(_ => consumer.Consume(TimeSpan.FromSeconds(20))?.Message.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"ok-{i}"), values);
    }

    private static byte[] RandomFrame(Random random)
    {
        var body = new byte[random.Next(0, 300)];
        random.NextBytes(body);
        var (key, version) = random.Next(4) == 0
            ? ((short)random.Next(-5, 80), (short)random.Next(-2, 20))
            : PickSupported(random);
        using var writer = new KafkaWriter();
        writer.WriteInt16(key);
        writer.WriteInt16(version);
        writer.WriteInt32(random.Next());
        writer.WriteNullableString(random.Next(3) == 0 ? null : "fuzz");
        if (SupportedApis.IsFlexible((ApiKey)key, version))
        {
            writer.WriteEmptyTaggedFields();
        }

        writer.WriteRaw(body);
        return writer.WrittenMemory.ToArray();
    }

    private static (short, short) PickSupported(Random random)
    {
        var range = SupportedApis.All[random.Next(SupportedApis.All.Count)];
        return ((short)range.Key, (short)random.Next(range.MinVersion, range.MaxVersion + 1));
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid.ToList();
        for (var edits = random.Next(1, 6); edits > 0 && bytes.Count > 8; edits--)
        {
            var at = random.Next(8, bytes.Count); // keep key and version so the body decoder is the one hit
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes[at] = (byte)(random.Next(2) == 0 ? 0xFF : 0x7F);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Well-formed requests (without the size prefix) that mutations start from.</summary>
    private static List<byte[]> ValidRequests()
    {
        var batch = RawRequests.Batch("a", "b");
        return
        [
            Request(ApiKey.Produce, 8, RawRequests.Produce("fuzz-topic", 0, batch)),
            Request(ApiKey.Metadata, 8, w =>
            {
                RawRequests.Metadata("fuzz-topic")(w);
                w.WriteBoolean(true);
                w.WriteBoolean(false);
                w.WriteBoolean(false);
            }),
            Request(ApiKey.ListOffsets, 1, RawRequests.LatestOffset("fuzz-topic", 0)),
            Request(ApiKey.Fetch, 4, w =>
            {
                w.WriteInt32(-1);
                w.WriteInt32(0);
                w.WriteInt32(1);
                w.WriteInt32(1 << 20);
                w.WriteInt8(0);
                w.WriteArrayLength(1);
                w.WriteString("fuzz-topic");
                w.WriteArrayLength(1);
                w.WriteInt32(0);
                w.WriteInt64(0);
                w.WriteInt32(1 << 20);
            }),
            Request(ApiKey.CreateTopics, 0, w =>
            {
                w.WriteArrayLength(1);
                w.WriteString("fuzz-created");
                w.WriteInt32(1);
                w.WriteInt16(1);
                w.WriteArrayLength(0);
                w.WriteArrayLength(1);
                w.WriteString("cleanup.policy");
                w.WriteNullableString("compact");
                w.WriteInt32(1000);
            }),
            Request(ApiKey.OffsetCommit, 2, w =>
            {
                w.WriteString("fuzz-group");
                w.WriteInt32(-1);
                w.WriteString(string.Empty);
                w.WriteInt64(-1);
                w.WriteArrayLength(1);
                w.WriteString("fuzz-topic");
                w.WriteArrayLength(1);
                w.WriteInt32(0);
                w.WriteInt64(1);
                w.WriteNullableString("meta");
            }),
            Request(ApiKey.JoinGroup, 5, w =>
            {
                w.WriteString("fuzz-group");
                w.WriteInt32(10_000);
                w.WriteInt32(10_000);
                w.WriteString(string.Empty);
                w.WriteNullableString(null);
                w.WriteString("consumer");
                w.WriteArrayLength(1);
                w.WriteString("range");
                w.WriteBytes([0, 1, 0, 0, 0, 0]);
            }),
            Request(ApiKey.ApiVersions, 3, w =>
            {
                w.WriteCompactString("fuzz");
                w.WriteCompactString("1");
                w.WriteEmptyTaggedFields();
            }, flexible: true),
        ];
    }

    private static byte[] Request(ApiKey key, short version, Action<KafkaWriter> body, bool flexible = false)
    {
        using var writer = new KafkaWriter();
        writer.WriteInt16((short)key);
        writer.WriteInt16(version);
        writer.WriteInt32(7);
        writer.WriteNullableString("fuzz");
        if (flexible)
        {
            writer.WriteEmptyTaggedFields();
        }

        body(writer);
        return writer.WrittenMemory.ToArray();
    }
}
