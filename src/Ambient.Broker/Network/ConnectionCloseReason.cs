namespace Ambient.Broker.Network;

/// <summary>Why the broker closed a client connection to enforce one of its limits.</summary>
internal enum ConnectionCloseReason
{
    /// <summary><see cref="BrokerOptions.MaxConnections"/> were already open when it was accepted.</summary>
    MaxConnections,

    /// <summary><see cref="BrokerOptions.MaxConnectionsPerAddress"/> from its address were already open.</summary>
    MaxConnectionsPerAddress,

    /// <summary>No request arrived for <see cref="BrokerOptions.ConnectionsMaxIdle"/>.</summary>
    Idle,

    /// <summary>A request frame had started but did not complete within <see cref="BrokerOptions.PartialFrameTimeout"/>.</summary>
    PartialFrameTimeout,

    /// <summary>A size prefix announced more than <see cref="BrokerOptions.MaxRequestBytes"/>.</summary>
    RequestTooLarge,

    /// <summary>A client that had not authenticated announced a frame over <see cref="Security.SaslSession.MaxUnauthenticatedFrameBytes"/>.</summary>
    UnauthenticatedRequestTooLarge,
}
