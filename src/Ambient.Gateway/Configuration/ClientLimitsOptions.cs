namespace Ambient.Gateway.Configuration;

/// <summary>
/// <c>Ambient:Gateway:Clients</c>: what one client address may cost the gateway before it has proven who it is.
/// Verified senders are charged only their source's budget (<see cref="SourceOptions"/>); these limits are what
/// an anonymous flood runs into, one address at a time, so it cannot starve genuine deliveries from other addresses.
/// </summary>
public sealed class ClientLimitsOptions
{
    /// <summary>Failed authentications (bad or missing signature or token) an address may make per second, sustained.</summary>
    public int FailedAuthPerSecond { get; set; } = 10;

    /// <summary>Failed authentications an address may make at once; when spent, its requests are refused 429 before their body is read.</summary>
    public int FailedAuthBurst { get; set; } = 100;

    /// <summary>
    /// Body bytes one address may have in flight (being received and checked) at once; over it: 429. At least
    /// <see cref="GatewayOptions.MaxBodyBytes"/>, so one largest delivery always fits.
    /// </summary>
    public long MaxInFlightBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// Proxies (addresses or CIDR ranges, e.g. <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> names the client. Behind an
    /// ingress or load balancer list its addresses here, or every client shares the proxy's address and its limits.
    /// Empty (the default): the header is ignored, since anyone can send it.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}
