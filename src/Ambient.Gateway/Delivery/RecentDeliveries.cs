using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Delivery;

/// <summary>
/// Delivery keys accepted recently, bounded by <see cref="DeduplicationOptions.Capacity"/> and
/// <see cref="DeduplicationOptions.Window"/>. Not ready until rebuilt from Kafka at start: before that a repeat
/// could not be told from a new delivery, so the gateway answers 503.
/// </summary>
internal sealed class RecentDeliveries(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();
    private readonly DeduplicationOptions _limits = options.Value.Deduplication;
    private volatile bool _ready;

    public bool IsReady => _ready;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    public void MarkReady() => _ready = true;

    public bool Contains(string key)
    {
        lock (_lock)
        {
            Evict();
            return _seen.ContainsKey(key);
        }
    }

    public void Add(string key, DateTimeOffset? at = null)
    {
        var when = at ?? time.GetUtcNow();
        lock (_lock)
        {
            _seen[key] = when;
            _order.Enqueue((key, when));
            Evict();
        }
    }

    private void Evict()
    {
        var oldest = time.GetUtcNow() - _limits.Window;
        while (_order.TryPeek(out var head) && (_order.Count > _limits.Capacity || head.At < oldest))
        {
            _order.Dequeue();

            // A key added again later has a newer entry further back in the queue; only its latest one removes it.
            if (_seen.TryGetValue(head.Key, out var at) && at == head.At)
            {
                _seen.Remove(head.Key);
            }
        }
    }
}
