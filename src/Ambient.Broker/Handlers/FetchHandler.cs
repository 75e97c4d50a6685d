using Ambient.Broker.Protocol;
using Ambient.Broker.Security;
using Ambient.Broker.Storage;

namespace Ambient.Broker.Handlers;

/// <summary>
/// Fetch v4-11 without fetch sessions (session id 0 tells clients to send full requests, KIP-227).
/// When less than <c>min_bytes</c> is available the request long-polls: it waits for an append to
/// any requested partition or for <c>max_wait_ms</c>, never spinning.
/// </summary>
internal sealed class FetchHandler : IApiHandler
{
    public ApiKey Key => ApiKey.Fetch;

    public async ValueTask<bool> HandleAsync(RequestContext context, KafkaReader request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var fetch = FetchRequest.Read(request, context.Version);
        var time = context.Broker.Time;
        var deadline = time.GetUtcNow().AddMilliseconds(Math.Max(0, fetch.MaxWaitMs));
        var start = response.Length;
        var seen = new List<(PartitionLog Log, long HighWatermark)>();
        while (true)
        {
            seen.Clear();
            var bytes = WriteResponse(context, fetch, response, seen, out var hasError);
            var remaining = deadline - time.GetUtcNow();
            if (bytes >= fetch.MinBytes || hasError || remaining <= TimeSpan.Zero)
            {
                return true;
            }

            response.Truncate(start);
            await WaitForAppendAsync(context, seen, remaining, cancellationToken);
        }
    }

    private static int WriteResponse(RequestContext context, FetchRequest fetch, KafkaWriter response,
        List<(PartitionLog Log, long HighWatermark)> seen, out bool hasError)
    {
        var version = context.Version;
        hasError = false;
        response.WriteInt32(0); // throttle time
        if (version >= 7)
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteInt32(0); // session id: no session, clients keep sending full fetches
        }

        var budget = fetch.MaxBytes;
        var total = 0;
        response.WriteArrayLength(fetch.Topics.Count);
        foreach (var topic in fetch.Topics)
        {
            response.WriteString(topic.Name);
            response.WriteArrayLength(topic.Partitions.Count);
            foreach (var partition in topic.Partitions)
            {
                var written = WritePartition(context, topic.Name, partition, response, total == 0 ? Math.Max(budget, 1) : budget, seen, out var error);
                hasError |= error != ErrorCode.None;
                total += written;
                budget -= written;
            }
        }

        return total;
    }

    private static int WritePartition(RequestContext context, string topic, FetchPartition partition, KafkaWriter response, int budget,
        List<(PartitionLog Log, long HighWatermark)> seen, out ErrorCode error)
    {
        var version = context.Version;
        var authorized = context.IsAllowedOnTopic(AclOperation.Read, topic);
        var log = authorized ? context.Broker.Topics.GetPartition(topic, partition.Partition) : null;
        error = !authorized ? ErrorCode.TopicAuthorizationFailed : log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None;
        response.WriteInt32(partition.Partition);
        var errorPosition = response.Length;
        response.WriteInt16(error);
        var highWatermark = log?.HighWatermark ?? -1;
        if (log is not null)
        {
            seen.Add((log, highWatermark));
        }

        response.WriteInt64(highWatermark);
        response.WriteInt64(highWatermark); // last stable offset: no transactions
        if (version >= 5)
        {
            response.WriteInt64(log?.LogStartOffset ?? -1);
        }

        response.WriteArrayLength(0); // aborted transactions
        if (version >= 11)
        {
            response.WriteInt32(-1); // preferred read replica
        }

        var lengthPosition = response.Length;
        response.WriteInt32(0);
        if (log is null || budget <= 0)
        {
            return 0;
        }

        var (readError, bytes) = log.Read(partition.FetchOffset, Math.Min(budget, partition.MaxBytes), response);
        if (readError != ErrorCode.None)
        {
            error = readError;
            response.PatchInt16(errorPosition, (short)readError);
        }

        response.PatchInt32(lengthPosition, bytes);
        return bytes;
    }

    /// <summary>
    /// Waits for an append beyond what this fetch already saw (not merely beyond its fetch offset, which
    /// would spin while less than min_bytes is available), or for the rest of max_wait_ms.
    /// </summary>
    private static async Task WaitForAppendAsync(RequestContext context, List<(PartitionLog Log, long HighWatermark)> seen, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var waits = seen.Select(s => s.Log.WaitForDataAsync(s.HighWatermark)).ToList();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        waits.Add(Task.Delay(timeout, context.Broker.Time, timer.Token));
        await Task.WhenAny(waits);
        await timer.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
