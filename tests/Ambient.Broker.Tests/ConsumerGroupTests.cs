using System.Collections.Concurrent;
using Ambient.Testing;
using Confluent.Kafka;

namespace Ambient.Broker.Tests;

public sealed class ConsumerGroupTests(KafkaFixture kafka)
{
    [Theory]
    [InlineData(PartitionAssignmentStrategy.Range)]
    [InlineData(PartitionAssignmentStrategy.CooperativeSticky)]
    public async Task Group_MembersJoinAndLeaveMidStream_NoRecordLostAndCommitsHonoured(PartitionAssignmentStrategy strategy)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var topic = await kafka.CreateTopicAsync("group", partitions: 6);
        var groupId = KafkaFixture.UniqueName("group");
        const int Total = 3000;
        var seen = new ConcurrentDictionary<int, int>();

        using var producer = new ProducerBuilder<string, string>(kafka.ProducerConfig()).Build();
        void Produce(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"k{i % 50}", Value = $"{i}" });
            }

            producer.Flush(cancellation);
        }

        // Membership changes between phases of production, so each member is sure to get records.
        Produce(0, 1000);
        var a = GroupMember.Start(kafka, groupId, topic, strategy, seen);
        await Eventually.UntilAsync(() => a.Assigned == 6 && seen.Count >= 500, cancellation);
        var b = GroupMember.Start(kafka, groupId, topic, strategy, seen);
        await Eventually.UntilAsync(() => b.Assigned > 0 && a.Assigned + b.Assigned == 6, cancellation);
        Produce(1000, 2000);
        await Eventually.UntilAsync(() => seen.Count == 2000, cancellation);
        var c = GroupMember.Start(kafka, groupId, topic, strategy, seen);
        await Eventually.UntilAsync(() => c.Assigned > 0 && a.Assigned + b.Assigned + c.Assigned == 6, cancellation);
        Produce(2000, 2500);
        await Eventually.UntilAsync(() => seen.Count == 2500, cancellation);
        await b.StopAsync();
        Produce(2500, 2800);
        await c.StopAsync();
        Produce(2800, Total);
        await Eventually.UntilAsync(() => seen.Count == Total, cancellation);
        await a.StopAsync();

        Assert.Equal(Enumerable.Range(0, Total), seen.Keys.Order());
        Assert.All(new[] { a, b, c }, member => Assert.Null(member.Failure));
        Assert.True(b.Consumed > 0 && c.Consumed > 0, $"every member got work: a={a.Consumed} b={b.Consumed} c={c.Consumed}");

        for (var i = Total; i < Total + 100; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = $"k{i % 50}", Value = $"{i}" });
        }

        producer.Flush(cancellation);
        var afterRestart = new ConcurrentDictionary<int, int>();
        var d = GroupMember.Start(kafka, groupId, topic, strategy, afterRestart);
        await Eventually.UntilAsync(() => afterRestart.Count == 100, cancellation);
        await d.StopAsync();
        Assert.Equal(Enumerable.Range(Total, 100), afterRestart.Keys.Order());
    }

    /// <summary>A group member on its own thread that records what it sees and commits after each record.</summary>
    private sealed class GroupMember
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;
        private int _assigned;

        public int Consumed { get; private set; }

        public int CommitsRefused { get; private set; }

        /// <summary>How many partitions the member holds, as last seen by its own thread.</summary>
        public int Assigned => Volatile.Read(ref _assigned);

        public Exception? Failure { get; private set; }

        public static GroupMember Start(KafkaFixture kafka, string groupId, string topic, PartitionAssignmentStrategy strategy, ConcurrentDictionary<int, int> seen)
        {
            var member = new GroupMember();
            var config = kafka.ConsumerConfig(groupId);
            config.PartitionAssignmentStrategy = strategy;
            member._loop = Task.Factory.StartNew(() => member.Run(config, topic, seen), TaskCreationOptions.LongRunning);
            return member;
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        private void Run(ConsumerConfig config, string topic, ConcurrentDictionary<int, int> seen)
        {
            try
            {
                using var consumer = new ConsumerBuilder<string, string>(config).Build();
                consumer.Subscribe(topic);
                while (!_stop.IsCancellationRequested)
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                    Volatile.Write(ref _assigned, consumer.Assignment.Count);
                    if (result is null)
                    {
                        continue;
                    }

                    seen.AddOrUpdate(int.Parse(result.Message.Value, System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    Consumed++;
                    try
                    {
                        consumer.Commit(result);
                    }
                    catch (KafkaException ex) when (ex.Error.Code is ErrorCode.IllegalGeneration or ErrorCode.RebalanceInProgress or ErrorCode.UnknownMemberId)
                    {
                        // A commit racing a rebalance is refused, as on any Kafka; the record will be redelivered.
                        CommitsRefused++;
                    }
                }

                consumer.Close();
            }
            catch (Exception ex)
            {
                Failure = ex;
            }
        }
    }
}
