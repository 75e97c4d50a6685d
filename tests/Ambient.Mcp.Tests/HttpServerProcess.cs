using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ambient.Mcp.Tests;

/// <summary>Ambient.Mcp.TestServer serving streamable HTTP on a loopback port, started and killed by the test.</summary>
internal sealed class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HttpServerProcess(Process process)
    {
        _process = process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Uri Endpoint(int port) => new($"http://127.0.0.1:{port}/mcp");

    public static async Task<HttpServerProcess> StartAsync(TestServer files, int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestServer.Command[1]);
        start.ArgumentList.Add("--http");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["MCP_CALL_LOG"] = files.CallLog;
        start.Environment["MCP_PID_LOG"] = files.PidLog;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new HttpServerProcess(process);
        if (!await Eventually.ReturnsAsync(() => AcceptsAsync(port), accepted => accepted, cancellationToken))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"The HTTP test server did not listen on port {port}.");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
