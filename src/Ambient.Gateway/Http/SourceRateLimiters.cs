using System.Threading.RateLimiting;
using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>
/// One token bucket per source (not per client address: each source is a handful of sender IPs), so a flood
/// from one source cannot starve the others.
/// </summary>
internal sealed class SourceRateLimiters(IOptions<GatewayOptions> options) : IDisposable
{
    public const string GitHub = "GitHub";
    public const string Slack = "Slack";
    public const string Alertmanager = "Alertmanager";
    public const string Generic = "Generic";

    private readonly Dictionary<string, TokenBucketRateLimiter> _limiters = new(StringComparer.Ordinal)
    {
        [GitHub] = Create(options.Value.GitHub),
        [Slack] = Create(options.Value.Slack),
        [Alertmanager] = Create(options.Value.Alertmanager),
        [Generic] = Create(options.Value.Generic),
    };

    public RateLimiter For(string source) => _limiters[source];

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private static TokenBucketRateLimiter Create(SourceOptions source) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = source.Burst,
        TokensPerPeriod = source.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
