using Confluent.Kafka;

namespace Ambient.Bench.Runtime;

/// <summary>
/// A bare consume→produce loop with the runtime's at-least-once discipline: a classic group with
/// cooperative-sticky assignment, offsets stored only once every output of an event (and of every earlier event
/// of its partition) is acknowledged, auto-commit at the interval the worker side uses; an idempotent acks=all producer with librdkafka's
/// default 5 ms linger (the runtime uses 1 ms, because its runs wait for acknowledgements). Unlike the runtime it
/// never waits on an acknowledgement: <c>Produce</c> with a delivery handler keeps every partition's records in
/// flight, the pipelined loop the Confluent examples show.
/// </summary>
internal sealed class BareLoop : IAsyncDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _bootstrapServers;
    private readonly string _groupId;
    private readonly string _topic;
    private readonly string[] _destinations;
    private readonly int _commitIntervalMs;
    private Task _loop = Task.CompletedTask;
    private int _failed;

    private BareLoop(string bootstrapServers, string groupId, string topic, string[] destinations, int commitIntervalMs)
    {
        _commitIntervalMs = commitIntervalMs;
        _bootstrapServers = bootstrapServers;
        _groupId = groupId;
        _topic = topic;
        _destinations = destinations;
    }

    /// <summary>Starts the loop on its own thread: each event of <paramref name="topic"/> is written once to every entry of <paramref name="destinations"/>.</summary>
    public static BareLoop Start(string bootstrapServers, string groupId, string topic, string[] destinations, int commitIntervalMs)
    {
        var loop = new BareLoop(bootstrapServers, groupId, topic, destinations, commitIntervalMs);
        loop._loop = Task.Factory.StartNew(loop.Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return loop;
    }

    /// <summary>Stops the loop and closes its clients; throws if it failed or a record was not acknowledged.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        if (_failed > 0)
        {
            throw new InvalidOperationException($"The bare loop had {_failed} records not acknowledged.");
        }
    }

    private void Run()
    {
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            GroupId = _groupId,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = _commitIntervalMs,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            GroupProtocol = GroupProtocol.Classic,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        };
        var producerConfig = new ProducerConfig { BootstrapServers = _bootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5 };
        using var producer = new ProducerBuilder<string?, byte[]>(producerConfig).Build();
        using var consumer = new ConsumerBuilder<string?, byte[]>(consumerConfig).Build();
        var progress = new PartitionProgress();
        consumer.Subscribe(_topic);
        while (!_stop.IsCancellationRequested)
        {
            progress.StoreCompleted(consumer);
            var record = consumer.Consume(s_poll);
            if (record?.Message is null)
            {
                continue;
            }

            var pending = progress.Track(record.TopicPartitionOffset, _destinations.Length);
            foreach (var destination in _destinations)
            {
                Produce(producer, destination, record.Message, pending);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        progress.StoreCompleted(consumer);
        consumer.Close();
    }

    private void Produce(IProducer<string?, byte[]> producer, string destination, Message<string?, byte[]> message, PartitionProgress.Pending pending)
    {
        void OnDelivery(DeliveryReport<string?, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
            }
            else
            {
                pending.Delivered();
            }
        }

        while (true)
        {
            try
            {
                producer.Produce(destination, message, OnDelivery);
                return;
            }
            catch (ProduceException<string?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
