namespace Ambient.Gateway.Configuration;

/// <summary>What every webhook source has: a switch and a rate limit.</summary>
public abstract class SourceOptions
{
    /// <summary>Whether the source's endpoints are mapped (and its secret required).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second; bursts up to <see cref="Burst"/>. Above it: 429 with <c>Retry-After</c>.</summary>
    public int PermitsPerSecond { get; set; } = 2000;

    /// <summary>Requests allowed at once above the sustained rate.</summary>
    public int Burst { get; set; } = 4000;
}
