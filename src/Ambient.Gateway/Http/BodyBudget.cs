using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>
/// Bytes of request bodies being received and checked, in all (<see cref="GatewayOptions.MaxInFlightBodyBytes"/>) and
/// per client address (<see cref="ClientLimitsOptions.MaxInFlightBodyBytes"/>). A body is reserved before it is read,
/// so the gateway's memory under large or slow bodies is bounded by configuration, not by what senders choose.
/// </summary>
internal sealed class BodyBudget(IOptions<GatewayOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _byAddress = new(StringComparer.Ordinal);
    private readonly long _total = options.Value.MaxInFlightBodyBytes;
    private readonly long _perAddress = options.Value.Clients.MaxInFlightBodyBytes;
    private long _inFlight;

    public long InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> for <paramref name="address"/>, or says whose limit is spent.</summary>
    public BodyBudgetResult TryReserve(string address, long bytes)
    {
        lock (_lock)
        {
            var held = _byAddress.GetValueOrDefault(address);
            if (held + bytes > _perAddress)
            {
                return BodyBudgetResult.ClientLimit;
            }

            if (_inFlight + bytes > _total)
            {
                return BodyBudgetResult.GatewayLimit;
            }

            _byAddress[address] = held + bytes;
            _inFlight += bytes;
            return BodyBudgetResult.Reserved;
        }
    }

    /// <summary>Gives back <paramref name="bytes"/> reserved for <paramref name="address"/>.</summary>
    public void Release(string address, long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        lock (_lock)
        {
            _inFlight -= bytes;
            var held = _byAddress.GetValueOrDefault(address) - bytes;
            if (held <= 0)
            {
                _byAddress.Remove(address);
            }
            else
            {
                _byAddress[address] = held;
            }
        }
    }
}
