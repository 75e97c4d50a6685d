using System.Globalization;
using System.Text;
using Ambient.Abstractions.A2a;
using Ambient.Avro.Serialization;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Ambient.A2a;

namespace Ambient.Gateway.Tests;

/// <summary>
/// Plays a serving agent over the binding: reads the first request on its inbox and answers WORKING, as a real
/// worker does when its run starts, on the topic and partition the request names, keyed by the requesting run.
/// </summary>
internal static class A2aFakeAgent
{
    public static async Task<ConsumeResult<string?, byte[]>> AnswerWorkingAsync(A2aHarness harness, CancellationToken cancellationToken)
    {
        var request = await Task.Run(() => ReadRequest(harness, cancellationToken), cancellationToken);
        string Header(string name) => TopicRecords.Header(request, name);
        var message = harness.Avro.GetRequiredService<AvroRecordCodec<A2aMessage>>().Decode(request.Message.Value);
        var taskId = A2aTaskIds.For(harness.FakeAgent, message.MessageId);
        var working = new A2aTaskStatusUpdate(taskId, message.ContextId!, new A2aTaskStatus(A2aTaskStates.Working, null, DateTimeOffset.UnixEpoch));
        var headers = new Headers
        {
            { A2aKafka.EventHeader, Encoding.UTF8.GetBytes(A2aKafka.StatusUpdate) },
            { A2aKafka.TaskIdHeader, Encoding.UTF8.GetBytes(taskId) },
            { A2aKafka.AgentHeader, Encoding.UTF8.GetBytes(Header(A2aKafka.AgentHeader)) },
        };
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = harness.Gateway.App.Configuration["Ambient:Kafka:BootstrapServers"] }).Build();
        var partition = int.Parse(Header(A2aKafka.ReplyPartitionHeader), CultureInfo.InvariantCulture);
        await producer.ProduceAsync(new TopicPartition(Header(A2aKafka.ReplyToHeader), partition), new Message<string?, byte[]>
        {
            Key = Header(A2aKafka.RunIdHeader),
            Value = harness.Avro.GetRequiredService<AvroRecordCodec<A2aTaskStatusUpdate>>().Encode(working),
            Headers = headers,
        }, cancellationToken);
        return request;
    }

    private static ConsumeResult<string?, byte[]> ReadRequest(A2aHarness harness, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = harness.Gateway.App.Configuration["Ambient:Kafka:BootstrapServers"],
            GroupId = KafkaFixture.UniqueName("fake-agent"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        var inbox = harness.Topics.A2aInbox(harness.FakeAgent);
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(inbox, p, Offset.Beginning)));
        var record = consumer.Consume(Eventually.Limit) ?? throw new TimeoutException($"No request on {inbox}.");
        cancellationToken.ThrowIfCancellationRequested();
        return record;
    }
}
