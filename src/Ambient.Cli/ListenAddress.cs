using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ambient.Cli;

/// <summary>Parses <c>host:port</c> listen addresses such as <c>127.0.0.1:9092</c>, <c>[::1]:9092</c> or <c>localhost:9092</c>.</summary>
internal static class ListenAddress
{
    public static bool TryParse(string value, out IPEndPoint endpoint, out string? error)
    {
        error = null;
        if (IPEndPoint.TryParse(value, out var parsed) && value.Contains(':', StringComparison.Ordinal))
        {
            endpoint = parsed;
            return true;
        }

        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{value}' is not a listen address; expected host:port, e.g. 127.0.0.1:9092.";
            return false;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(value[..colon]);
            var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            if (address is null)
            {
                error = $"Host '{value[..colon]}' has no address.";
                return false;
            }

            endpoint = new IPEndPoint(address, port);
            return true;
        }
        catch (SocketException ex)
        {
            error = $"Cannot resolve host '{value[..colon]}': {ex.Message}";
            return false;
        }
    }
}
