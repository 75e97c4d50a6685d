using System.Net;
using System.Net.Sockets;
using Ambient.Executor.Ledger;
using Ambient.Executor.Tests.GitHub;
using Ambient.Testing;

namespace Ambient.Executor.Tests.Execution;

/// <summary>The executor's probes over real HTTP: ready only once its consumer joined the group, and a flood of idle connections to the probe port changes nothing about applying actions.</summary>
public sealed class ExecutorHealthTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_OnceTheConsumerHoldsAnAssignment_AnswersReady()
    {
        var port = FreePort();
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(("Ambient:Executors:Health:Port", $"{port}"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        string? ready = null;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Cancellation);
            ready = await response.Content.ReadAsStringAsync(Cancellation);
            return response.StatusCode == HttpStatusCode.OK;
        }, Cancellation);
        var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative), Cancellation);

        Assert.Equal("ready", ready);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task ProbePort_FloodedWithIdleConnections_ActionsAreStillAppliedAndTheProbeAnswersAfterward()
    {
        var port = FreePort();
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(5, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(("Ambient:Executors:Health:Port", $"{port}"), ("Ambient:Executors:GitHub:BaseUrl", github.Url),
            ("Ambient:Executors:GitHub:Token", "ghs_test"), ("Ambient:Executors:GitHub:Mode", "apply"));
        var flood = new List<TcpClient>();
        try
        {
            // Far more than the probe port's 16 connections, each sending half a request and then nothing.
            for (var i = 0; i < 200; i++)
            {
                var client = new TcpClient();
                flood.Add(client);
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, Cancellation);
                    await client.GetStream().WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n"u8.ToArray(), Cancellation);
                }
                catch (Exception ex) when (ex is SocketException or IOException)
                {
                    // Refused or reset once the port is full: what a flood should meet.
                }
            }

            var action = ExecutorHarness.Action("run-flood/act/0", "comment", new { repository = "octo/app", issueNumber = 7, body = "x" });
            await executor.PublishAsync(action);

            Assert.Equal(LedgerStates.Applied, (await executor.FinalEntryAsync(action.Id)).State);
        }
        finally
        {
            flood.ForEach(client => client.Dispose());
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.UntilAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), Cancellation);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Cancellation);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
