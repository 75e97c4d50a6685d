using System.Net;

namespace Ambient.Broker.Network;

/// <summary>
/// Admits accepted connections while fewer than <see cref="BrokerOptions.MaxConnections"/> are open in
/// total and fewer than <see cref="BrokerOptions.MaxConnectionsPerAddress"/> from the same IP address.
/// </summary>
internal sealed class ConnectionLimiter(int maxConnections, int maxPerAddress)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _open;

    /// <summary>Connections open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Counts the connection in, or says which limit it would break.</summary>
    public bool TryAdmit(IPAddress address, out ConnectionCloseReason refusal)
    {
        lock (_lock)
        {
            // Like Kafka's ConnectionQuotas, the per-address limit is checked first: it names the culprit.
            _perAddress.TryGetValue(address, out var fromAddress);
            if (fromAddress >= maxPerAddress)
            {
                refusal = ConnectionCloseReason.MaxConnectionsPerAddress;
                return false;
            }

            if (_open >= maxConnections)
            {
                refusal = ConnectionCloseReason.MaxConnections;
                return false;
            }

            _perAddress[address] = fromAddress + 1;
            _open++;
        }

        BrokerTelemetry.ConnectionOpened();
        refusal = default;
        return true;
    }

    /// <summary>Counts out a connection admitted by <see cref="TryAdmit"/> once its socket is closed.</summary>
    public void Release(IPAddress address)
    {
        lock (_lock)
        {
            if (_perAddress[address] == 1)
            {
                _perAddress.Remove(address);
            }
            else
            {
                _perAddress[address]--;
            }

            _open--;
        }

        BrokerTelemetry.ConnectionEnded();
    }

    /// <summary>The address a limit is kept for: IPv4 clients of a dual-stack listener count as IPv4.</summary>
    public static IPAddress AddressOf(EndPoint? remote) => remote switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => ip.Address.MapToIPv4(),
        IPEndPoint ip => ip.Address,
        _ => IPAddress.None,
    };
}
