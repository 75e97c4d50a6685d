using System.Net;
using System.Net.Sockets;
using Ambient.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Http;

/// <summary>
/// Who is asking, as the per-address limits count it: the connection's remote address, or, when that is a trusted
/// proxy, the last <c>X-Forwarded-For</c> entry the proxies did not add themselves. IPv6 addresses count by their /64,
/// the smallest block a host is usually given, so one host cannot become millions of clients.
/// </summary>
internal sealed class ClientAddresses
{
    private static readonly object s_itemKey = new();
    private readonly IPNetwork[] _trustedProxies;

    public ClientAddresses(IOptions<GatewayOptions> options)
    {
        _trustedProxies = [.. options.Value.Clients.TrustedProxies.Select(ParseNetwork)];
    }

    /// <summary>Parses <c>10.0.0.1</c> or <c>10.0.0.0/8</c>; the validator reports what fails here.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            network = new IPNetwork(plain, plain.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>The key the request's client is counted under, e.g. <c>203.0.113.7</c> or <c>2001:db8:1:2::/64</c>.</summary>
    public string KeyOf(HttpContext context)
    {
        if (context.Items.TryGetValue(s_itemKey, out var cached) && cached is string key)
        {
            return key;
        }

        key = Normalise(ClientOf(context));
        context.Items[s_itemKey] = key;
        return key;
    }

    private IPAddress? ClientOf(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || _trustedProxies.Length == 0 || !IsTrusted(remote))
        {
            return remote;
        }

        // Each proxy appends the address it received from; read from the right, skipping our own proxies.
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(forwarded[i], out var hop))
            {
                return remote;
            }

            if (!IsTrusted(hop))
            {
                return hop;
            }
        }

        return remote;
    }

    private bool IsTrusted(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _trustedProxies.Any(network => network.Contains(plain));
    }

    private static string Normalise(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPNetwork(new IPAddress(bytes), 64).ToString();
    }

    private static IPNetwork ParseNetwork(string text) =>
        TryParseNetwork(text, out var network) ? network : throw new InvalidOperationException($"'{text}' is not an address or CIDR range.");
}
