namespace Ambient.Gateway.Http;

/// <summary>How reading a body into a <see cref="PooledBody"/> ended.</summary>
internal enum BodyReadResult
{
    /// <summary>The whole body is here.</summary>
    Complete,

    /// <summary>It is longer than the limit (413).</summary>
    TooLarge,

    /// <summary>The client's address holds its share of the body budget already (429).</summary>
    ClientLimit,

    /// <summary>The gateway holds as many body bytes as it may (503).</summary>
    GatewayLimit,
}
