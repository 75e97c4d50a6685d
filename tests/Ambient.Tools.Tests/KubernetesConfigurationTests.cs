using Ambient.Abstractions.Tools;
using Ambient.Testing;

namespace Ambient.Tools.Tests;

public sealed class KubernetesConfigurationTests
{
    [Theory]
    [InlineData("kubernetes.get")]
    [InlineData("kubernetes.events")]
    [InlineData("kubernetes.logs")]
    public async Task Call_NothingConfigured_FailsSayingHowToConfigure(string tool)
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null, "Running in a cluster: the service account configures Kubernetes.");
        using var tools = new ReadTools();

        var result = await tools.CallAsync(tool, new { @namespace = "shop", kind = "Pod", name = "web-0", pod = "web-0" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.StartsWith("Kubernetes is not configured: set Ambient:Tools:Kubernetes:Kubeconfig", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_KubeconfigMissing_FailsNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ambient-missing-{Guid.NewGuid():N}", "config");
        using var tools = new ReadTools(("Ambient:Tools:Kubernetes:Kubeconfig", path));

        var result = await tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "Pod", name = "web-0" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains($"could not be loaded from Ambient:Tools:Kubernetes:Kubeconfig '{path}'", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_ServerUnreachable_FailsNamingTheServer()
    {
        string url;
        using (var stopped = new SilentServer())
        {
            url = stopped.Url;
        }

        using var tools = new ReadTools(("Ambient:Tools:Kubernetes:Url", url));

        var result = await tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "Pod", name = "web-0" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.StartsWith($"Kubernetes is unreachable at {url.TrimEnd('/')}", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_ServerHangsAndTokenIsCancelled_ThrowsOperationCanceled()
    {
        using var hung = new SilentServer();
        using var tools = new ReadTools(("Ambient:Tools:Kubernetes:Url", hung.Url));
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var call = tools.CancellableCallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0" }, cancellation.Token);
        await hung.WaitForConnectionAsync();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
