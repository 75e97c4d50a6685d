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
        var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);
        var unknown = await http.GetAsync(new Uri("/metrics", UriKind.Relative), cancellation);
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var stopping = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellation);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
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

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
