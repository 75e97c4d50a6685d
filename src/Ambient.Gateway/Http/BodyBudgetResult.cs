namespace Ambient.Gateway.Http;

/// <summary>What <see cref="BodyBudget.TryReserve"/> decided.</summary>
internal enum BodyBudgetResult
{
    /// <summary>The bytes are reserved; release them when the request ends.</summary>
    Reserved,

    /// <summary>The client's address holds its share already (429).</summary>
    ClientLimit,

    /// <summary>The gateway holds as many body bytes as it may (503).</summary>
    GatewayLimit,
}
