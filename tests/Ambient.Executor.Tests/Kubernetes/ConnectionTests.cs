using System.Net;
using System.Net.Sockets;
using Ambient.Executor.Targets;
using Ambient.Testing.Kubernetes;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class ConnectionTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web"));
    }

    [Fact]
    public async Task ApplyAsync_ServerHangsPastTheTimeout_Retries()
    {
        using var target = TestTarget.For(_api.Url, timeout: "00:00:01");
        _api.Hang();

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal($"Kubernetes at {_api.Url}/ did not answer within 1 s for Deployment shop/web.", outcome.Reason);
    }

    [Fact]
    public async Task FindAsync_ServerHangsPastTheTimeout_Retries()
    {
        using var target = TestTarget.For(_api.Url, timeout: "00:00:01");
        _api.Hang();

        var found = await target.FindAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Retry, found!.Kind);
    }

    [Fact]
    public async Task ApplyAsync_ConnectionRefused_Retries()
    {
        using var target = TestTarget.For(ClosedPortUrl());

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.StartsWith("Kubernetes is unreachable at http://127.0.0.1:", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_CallerCancels_Throws()
    {
        using var target = TestTarget.For(_api.Url);
        _api.Hang();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var apply = target.Target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"), ApplyContext.None, cancellation.Token);
        while (_api.Requests.IsEmpty)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
    }

    [Fact]
    public async Task ApplyAsync_KubeconfigMissing_FailsNamingTheSetting()
    {
        using var target = new TestTarget(("Kubeconfig", "/nonexistent/kubeconfig"));

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("Kubernetes configuration could not be loaded from Ambient:Executors:Kubernetes:Kubeconfig '/nonexistent/kubeconfig'",
            outcome.Reason, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    // A port nothing listens on: bound, read, released.
    private static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
