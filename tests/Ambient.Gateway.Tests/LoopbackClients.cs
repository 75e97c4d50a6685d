using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ambient.Gateway.Tests;

/// <summary>
/// Clients that come from a loopback address of their own (127.0.0.2, 127.0.0.3, ...; Linux routes all of 127/8 to
/// loopback), so one test can play a genuine sender and an attacker that the gateway tells apart by address.
/// </summary>
internal static class LoopbackClients
{
    public static HttpClient Http(Uri baseAddress, IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>
    /// Sends a request's head (and <paramref name="bodyPart"/>, maybe less than its Content-Length) from <paramref name="from"/>
    /// and keeps the connection open; the returned socket answers with <see cref="StatusOfAsync"/>.
    /// </summary>
    public static async Task<Socket> SendHeadAsync(Uri gateway, IPAddress from, string head, byte[]? bodyPart = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(gateway.Host, gateway.Port, TestContext.Current.CancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"), TestContext.Current.CancellationToken);
        if (bodyPart is not null)
        {
            await socket.SendAsync(bodyPart, TestContext.Current.CancellationToken);
        }

        return socket;
    }

    /// <summary>The status code of the response the gateway sends on <paramref name="socket"/> (it may not have read the body).</summary>
    public static async Task<int> StatusOfAsync(Socket socket)
    {
        var buffer = new byte[4096];
        var received = 0;
        while (received < 12)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), TestContext.Current.CancellationToken);
            if (read == 0)
            {
                throw new IOException($"The gateway closed the connection after {received} bytes of its answer.");
            }

            received += read;
        }

        // "HTTP/1.1 429 ..."
        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), System.Globalization.CultureInfo.InvariantCulture);
    }
}
