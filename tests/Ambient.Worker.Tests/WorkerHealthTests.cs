using System.Net;
using System.Net.Sockets;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ambient.Worker.Tests;

/// <summary>The probes Kubernetes uses, over real HTTP against a real worker host.</summary>
public sealed class WorkerHealthTests(KafkaFixture kafka)
{
    [Fact]
    public async Task HealthEndpoints_PortConfigured_LiveAndReadyWhileRunningNotReadyWhenStopping()
    {
        var port = FreePort();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        var host = await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Health:Port"] = $"{port}" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var cancellation = TestContext.Current.CancellationToken;

        var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellation);
        // Ready only once the agent's consumer joined its group (a rebalance away from the start).
        var ready = await ReadyzAsync(http, HttpStatusCode.OK, cancellation);
        var unknown = await http.GetAsync(new Uri("/metrics", UriKind.Relative), cancellation);
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopping = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);
        var stoppingReason = await stopping.Content.ReadAsStringAsync(cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok", await live.Content.ReadAsStringAsync(cancellation));
        Assert.Equal("ready", ready);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
        Assert.Contains("host: stopping", stoppingReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthEndpoints_NoPortConfigured_ServeNothing()
    {
        var port = FreePort();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync();
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }

    [Fact]
    public async Task Readyz_BrokerGone_NotReadySayingKafkaDoesNotAnswer()
    {
        await using var own = new KafkaFixture();
        await own.InitializeAsync();
        own.RequireEmbedded("the test stops the broker under a running worker");
        var port = FreePort();
        await using var harness = await WorkerHarness.CreateAsync(own, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Health:Port"] = $"{port}" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var cancellation = TestContext.Current.CancellationToken;
        await ReadyzAsync(http, HttpStatusCode.OK, cancellation);

        await own.Embedded!.DisposeAsync();
        var answer = await ReadyzAsync(http, HttpStatusCode.ServiceUnavailable, cancellation);
        var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellation);

        Assert.Contains("Kafka does not answer", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode); // not ready is not dead: the kubelet must not restart it for this
    }

    [Fact]
    public async Task HealthEndpoints_ProbedWhileTheWorkerStarts_AnswerNotReadyThenReady()
    {
        var port = FreePort();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var cancellation = TestContext.Current.CancellationToken;
        using var started = new CancellationTokenSource();
        // A kubelet probes from the moment the container runs: the endpoint must answer, never take the process down.
        var probing = Task.Run(async () =>
        {
            var answers = new List<HttpStatusCode>();
            while (!started.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);
                    answers.Add(response.StatusCode);
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }

            return answers;
        }, cancellation);

        var host = await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Health:Port"] = $"{port}" });
        var ready = await ReadyzAsync(http, HttpStatusCode.OK, cancellation);
        await started.CancelAsync();
        var answers = await probing;

        Assert.Contains(HttpStatusCode.ServiceUnavailable, answers);
        Assert.Equal("ready", ready);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task HealthEndpoints_MalformedAndOversizedRequests_AnsweredAnErrorAndStillServing()
    {
        var port = FreePort();
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        await harness.StartWorkerAsync(new Dictionary<string, string?> { ["Ambient:Worker:Health:Port"] = $"{port}" });
        var cancellation = TestContext.Current.CancellationToken;

        var garbage = await RawAsync(port, System.Text.Encoding.ASCII.GetBytes("hello\r\n\r\n"), cancellation);
        var longLine = await RawAsync(port, System.Text.Encoding.ASCII.GetBytes("GET /" + new string('a', (8 * 1024) - 5)), cancellation);
        var bigHead = await RawAsync(port, System.Text.Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + new string('a', 9 * 1024) + "\r\n\r\n"), cancellation);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellation);

        // Kestrel's answers: a request line it cannot parse, one longer than the health port's limit without ending,
        // and headers over the 8 KiB limit are refused at once, not waited on.
        Assert.StartsWith("HTTP/1.1 400", garbage, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 414", longLine, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431", bigHead, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static async Task<string> RawAsync(int port, byte[] request, CancellationToken cancellation)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancellation);
        }
        catch (IOException)
        {
            // The server may answer and close before the rest of an oversized request is written.
        }

        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellation);
    }

    /// <summary>Polls /readyz until it answers <paramref name="status"/>; returns the body.</summary>
    private static async Task<string> ReadyzAsync(HttpClient http, HttpStatusCode status, CancellationToken cancellation)
    {
        var body = "";
        await Eventually.ReadAsync(() =>
        {
            using var response = http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation).GetAwaiter().GetResult();
            body = response.Content.ReadAsStringAsync(cancellation).GetAwaiter().GetResult();
            return response.StatusCode;
        }, answered => answered == status, cancellation);
        return body;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
