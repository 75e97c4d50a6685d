using StackExchange.Redis;

namespace Ambient.Bench.Workloads;

/// <summary>
/// <c>XREADGROUP GROUP g c COUNT n BLOCK ms STREAMS key &gt;</c> and <c>XACK</c> on a connection of its
/// own. StackExchange.Redis has no BLOCK option (a blocking call would stall every other caller of a
/// shared connection), so the command is sent raw on a multiplexer nobody else uses.
/// </summary>
internal sealed class RedisStreamReader(IConnectionMultiplexer connection, RedisKey stream, string group, int count, TimeSpan block)
{
    private const string Consumer = "bench-consumer";
    private readonly IDatabase _db = connection.GetDatabase();
    private readonly List<Task> _acks = [];

    public Task CreateGroupAsync() => _db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);

    /// <summary>Reads the next batch of new entries (empty when BLOCK timed out) and sends their XACK without waiting for it.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadAsync()
    {
        var reply = await _db.ExecuteAsync("XREADGROUP", "GROUP", group, Consumer, "COUNT", count, "BLOCK", (long)block.TotalMilliseconds, "STREAMS", stream, ">");
        if (reply.IsNull)
        {
            return [];
        }

        // Reply: [[stream, [[id, [field, value, ...]], ...]]]; the bench writes one field per entry.
        var entries = (RedisResult[])((RedisResult[])reply!)[0]![1]!;
        var payloads = new byte[entries.Length][];
        var ids = new RedisValue[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = (RedisResult[])entries[i]!;
            ids[i] = (RedisValue)entry[0];
            payloads[i] = (byte[])((RedisResult[])entry[1]!)[1]!;
        }

        // Pipelined on the same connection: it is sent before the next XREADGROUP, as a client acking per batch would.
        _acks.Add(_db.StreamAcknowledgeAsync(stream, group, ids));
        return payloads;
    }

    /// <summary>Waits for every XACK sent so far.</summary>
    public Task DrainAcksAsync() => Task.WhenAll(_acks);
}
