using System.Net;
using System.Net.Sockets;

namespace Ambient.Testing;

/// <summary>
/// A server that accepts connections and reads requests but never answers: a hung upstream. Unlike a delayed mock
/// response, it holds nothing that must run out when the test ends, so disposing it is immediate.
/// </summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private int _accepted;

    public SilentServer()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

    /// <summary>Connections accepted so far: the request has reached the server.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    public async Task WaitForConnectionAsync()
    {
        while (Accepted == 0)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Dispose());
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }
}
