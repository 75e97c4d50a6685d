using System.Runtime.InteropServices;
using Ambient.Broker.Protocol;
using Ambient.Broker.Records;
using Ambient.Broker.Security;
using Ambient.Broker.Storage;

namespace Ambient.Broker.Handlers;

/// <summary>
/// Produce v3-8 (v0-2 are advertised but answered with UNSUPPORTED_VERSION, as Kafka 4 does). Each
/// partition's batches are validated, then appended all or nothing; with one replica, acks=all is
/// satisfied once the append returns. acks=0 gets no response at all, per the protocol.
/// </summary>
internal sealed class ProduceHandler : IApiHandler
{
    public ApiKey Key => ApiKey.Produce;

    public ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var version = context.Version;
        var transactionalId = version >= 3 ? request.ReadNullableString() : null; // transactions are not supported, batches are checked instead

        var acks = request.ReadInt16();
        request.ReadInt32(); // timeout: appends are synchronous
        var topics = request.ReadArray(r => (Name: r.ReadString(), Partitions: r.ReadArray(p => (Index: p.ReadInt32(), Records: p.ReadNullableBytes()))));

        var batches = new List<(int Position, RecordBatchHeader Header)>();
        var results = topics.Select(topic => (topic.Name, Partitions: topic.Partitions
            .Select(partition => (partition.Index, Result: Authorize(context, transactionalId, topic.Name)
                ?? Append(context, acks, topic.Name, partition.Index, partition.Records, batches)))
            .ToList())).ToList();

        if (acks == 0)
        {
            return ValueTask.FromResult(false);
        }

        response.WriteArrayLength(results.Count);
        foreach (var (name, partitions) in results)
        {
            response.WriteString(name);
            response.WriteArrayLength(partitions.Count);
            foreach (var (index, result) in partitions)
            {
                WritePartition(context, response, version, name, index, result);
            }
        }

        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        return ValueTask.FromResult(true);
    }

    /// <summary>Kafka's checks: Write on the transactional id, if one is given, then Write on the topic.</summary>
    private static AppendResult? Authorize(RequestContext context, string? transactionalId, string topic) =>
        transactionalId is not null && !context.IsAllowed(AclOperation.Write, AclResourceType.TransactionalId, transactionalId)
            ? AppendResult.Failed(ErrorCode.TransactionalIdAuthorizationFailed, $"Not authorized to use transactional id '{transactionalId}'.")
            : !context.IsAllowedOnTopic(AclOperation.Write, topic)
                ? AppendResult.Failed(ErrorCode.TopicAuthorizationFailed, $"Not authorized to write to topic '{topic}'.")
                : null;

    private static AppendResult Append(RequestContext context, short acks, string topic, int partition, ReadOnlyMemory<byte>? records,
        List<(int Position, RecordBatchHeader Header)> batches)
    {
        if (context.Version < SupportedApis.MinAcceptedProduceVersion)
        {
            return AppendResult.Failed(ErrorCode.UnsupportedVersion, "Produce v0-2 (message format v0/v1) is not supported; use a client that sends record batch v2.");
        }

        if (acks is not (-1 or 0 or 1))
        {
            return AppendResult.Failed(ErrorCode.InvalidRequiredAcks, $"acks must be -1, 0 or 1, got {acks}.");
        }

        if (context.Broker.Topics.GetPartition(topic, partition) is not { } log)
        {
            return AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Topic-partition {topic}-{partition} does not exist.");
        }

        var error = ProducedBatches.Validate(records ?? ReadOnlyMemory<byte>.Empty, log.Config, batches, out var message);
        if (error != ErrorCode.None)
        {
            return AppendResult.Failed(error, message);
        }

        try
        {
            // The request buffer is ours alone until the response is written, so offsets are stamped in place.
            return log.Append(MemoryMarshal.AsMemory(records!.Value), batches);
        }
        catch (ObjectDisposedException)
        {
            return AppendResult.Failed(ErrorCode.UnknownTopicOrPartition, $"Topic {topic} was deleted.");
        }
        catch (IOException ex)
        {
            // Disk full or failing: the producer retries; nothing was acknowledged.
            return AppendResult.Failed(ErrorCode.KafkaStorageError, $"Cannot write {topic}-{partition}: {ex.Message}");
        }
    }

    private static void WritePartition(RequestContext context, KafkaWriter response, short version, string topic, int index, AppendResult result)
    {
        response.WriteInt32(index);
        response.WriteInt16(result.Error);
        response.WriteInt64(result.BaseOffset);
        if (version >= 2)
        {
            response.WriteInt64(result.LogAppendTime);
        }

        if (version >= 5)
        {
            response.WriteInt64(context.Broker.Topics.GetPartition(topic, index)?.LogStartOffset ?? -1);
        }

        if (version >= 8)
        {
            response.WriteArrayLength(0); // record errors: a partition's batches fail together
            response.WriteNullableString(result.Message);
        }
    }
}
