using System.Collections.Concurrent;
using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>
/// Counts failed authentications per client address in a token bucket of its own. An address that spent its bucket
/// is refused before its body is read or hashed, so a flood of bad signatures costs little and never touches the
/// budget of the verified senders, which come from other addresses. Addresses that never failed are not tracked at
/// all; at most <see cref="MaxTracked"/> are, and buckets that refilled are the first to go.
/// </summary>
/// <remarks>
/// Not <c>PartitionedRateLimiter</c>: its shared timer refills buckets in fractions every 100 ms, and a fraction of
/// a token reads as "permits left", so an address hammering at full speed was never refused.
/// </remarks>
internal sealed class FailedAuthentications(IOptions<GatewayOptions> options, TimeProvider time)
{
    public const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _burst = options.Value.Clients.FailedAuthBurst;
    private readonly double _perSecond = options.Value.Clients.FailedAuthPerSecond;

    public int Tracked => _buckets.Count;

    /// <summary>Null when <paramref name="address"/> may go on; otherwise how long until it may fail once more.</summary>
    public TimeSpan? RefusalFor(string address)
    {
        if (!_buckets.TryGetValue(address, out var bucket))
        {
            return null;
        }

        var tokens = bucket.Refill(time.GetTimestamp(), time, _burst, _perSecond);
        return tokens >= 1 ? null : TimeSpan.FromSeconds((1 - tokens) / _perSecond);
    }

    /// <summary>Charges <paramref name="address"/> for one failed authentication.</summary>
    public void Charge(string address)
    {
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue(address, out var bucket))
        {
            if (_buckets.Count >= MaxTracked)
            {
                Sweep(now);
            }

            bucket = _buckets.GetOrAdd(address, _ => new Bucket(_burst, now));
        }

        bucket.Take(now, time, _burst, _perSecond);
    }

    private void Sweep(long now)
    {
        foreach (var (address, bucket) in _buckets)
        {
            if (bucket.Refill(now, time, _burst, _perSecond) >= _burst)
            {
                _buckets.TryRemove(address, out _);
            }
        }
    }

    private sealed class Bucket(double tokens, long at)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _at = at;

        public double Refill(long now, TimeProvider time, double burst, double perSecond)
        {
            lock (_lock)
            {
                return Advance(now, time, burst, perSecond);
            }
        }

        public void Take(long now, TimeProvider time, double burst, double perSecond)
        {
            lock (_lock)
            {
                _tokens = Math.Max(0, Advance(now, time, burst, perSecond) - 1);
            }
        }

        private double Advance(long now, TimeProvider time, double burst, double perSecond)
        {
            // Another thread may have advanced past our timestamp already: never count time backwards.
            if (now > _at)
            {
                _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_at, now).TotalSeconds * perSecond));
                _at = now;
            }

            return _tokens;
        }
    }
}
