using System.Text;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.A2a;
using Ambient.Kafka.Configuration;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Worker.Tests.A2a;

/// <summary>The A2A replies consumer outlives failures of what it calls: it never stops (which would stop the worker's host).</summary>
public sealed class ReplyConsumerServiceTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consumer_TimersAndAReplyFailWhileADependencyIsDown_KeepsRunningRetriesBothAndCommitsTheReply()
    {
        var replies = await kafka.CreateTopicAsync("replies");
        var agent = KafkaFixture.UniqueName("agent");
        var (assignments, attempts) = (0, 0);
        var handled = new TaskCompletionSource<ReplyRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = new ReplyConsumerService(agent,
            // Rebuilding the timers of an assigned partition reads the checkpoints topic: it fails twice (Kafka down, a partition missing).
            (_, _) => ++assignments <= 2 ? throw new KafkaException(new Error(ErrorCode.Local_UnknownPartition)) : Task.CompletedTask,
            // So does resuming the run a reply is for, twice.
            (reply, _) =>
            {
                if (++attempts <= 2)
                {
                    throw new DependencyUnavailableException("the model endpoint is down");
                }

                handled.TrySetResult(reply);
                return Task.CompletedTask;
            },
            _ => Task.CompletedTask,
            new AmbientKafkaOptions { BootstrapServers = kafka.BootstrapServers }, new AmbientTopics { A2aReplies = replies }, NullLogger<ReplyConsumerService>.Instance);
        using (var producer = new ProducerBuilder<string?, byte[]>(kafka.ProducerConfig()).Build())
        {
            await producer.ProduceAsync(replies, new Message<string?, byte[]>
            {
                Key = "run-1",
                Value = [1],
                Headers = [new Header(A2aKafka.AgentHeader, Encoding.UTF8.GetBytes(agent))],
            }, Cancellation);
        }

        await service.StartAsync(Cancellation);
        var first = await Task.WhenAny(handled.Task, service.ExecuteTask!);
        Assert.True(first == handled.Task, $"The consumer stopped before it handled the reply: {service.ExecuteTask!.Exception?.GetBaseException().Message}");
        var reply = await handled.Task;
        await Eventually.UntilAsync(() => Committed(ReplyConsumerService.GroupIdFor(agent), replies) == 1 && Volatile.Read(ref assignments) >= 3, Cancellation);
        var running = !service.ExecuteTask!.IsCompleted;
        await service.StopAsync(Cancellation);

        Assert.True(running);
        Assert.Equal(("run-1", 3, 3), (reply.Key, attempts, assignments));
    }

    private long Committed(string group, string topic)
    {
        using var admin = kafka.AdminClient();
        return admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [new TopicPartition(topic, 0)])]).GetAwaiter().GetResult()
            .Single().Partitions.Single().Offset.Value;
    }
}
