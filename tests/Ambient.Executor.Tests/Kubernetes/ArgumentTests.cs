using Ambient.Executor.Targets;
using Ambient.Testing.Kubernetes;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class ArgumentTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private TestTarget _target = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _target = TestTarget.For(_api.Url);
    }

    public static TheoryData<string, object, string> Malformed => new()
    {
        { "restart_workload", new { @namespace = "shop", kind = "Pod", name = "web" }, "argument 'kind' must be one of Deployment, StatefulSet, DaemonSet, got 'Pod'" },
        { "scale_workload", new { @namespace = "shop", kind = "DaemonSet", name = "web", replicas = 2 }, "argument 'kind' must be one of Deployment, StatefulSet, got 'DaemonSet'" },
        { "restart_workload", new { @namespace = "shop", kind = "Deployment", name = "../secrets/db" }, "argument 'name' must be a Kubernetes object name" },
        { "restart_workload", new { @namespace = "Shop", kind = "Deployment", name = "web" }, "argument 'namespace' must be a Kubernetes namespace" },
        { "restart_workload", new { kind = "Deployment", name = "web" }, "argument 'namespace' must be a non-empty string" },
        { "scale_workload", new { @namespace = "shop", kind = "Deployment", name = "web", replicas = -1 }, "argument 'replicas' must be a whole number from 0, got -1" },
        { "scale_workload", new { @namespace = "shop", kind = "Deployment", name = "web", replicas = 2.5 }, "argument 'replicas' must be a whole number from 0, got 2.5" },
        { "scale_workload", new { @namespace = "shop", kind = "Deployment", name = "web" }, "argument 'replicas' is missing" },
        { "undo_scale", new { @namespace = "shop", kind = "Deployment", name = "web" }, "argument 'actionId' must be a non-empty string" },
        { "delete_workload", new { @namespace = "shop", kind = "Deployment", name = "web" }, "the Kubernetes target knows restart_workload, scale_workload and undo_scale, not 'delete_workload'" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task ApplyAsync_MalformedAction_ThrowsNamingActionOperationAndProblemWithoutARequest(string operation, object arguments, string problem)
    {
        var action = KubernetesActions.Create("run-1/2/0", operation, arguments);

        var exception = await Assert.ThrowsAsync<ActionFormatException>(() => _target.ApplyAsync(action));

        Assert.StartsWith($"Action run-1/2/0 (kubernetes {operation}): {problem}", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ActionFormatException>(() => _target.Target.ScopeOf(action));
        Assert.Throws<ActionFormatException>(() => _target.Target.Describe(action, ApplyContext.None));
        await Assert.ThrowsAsync<ActionFormatException>(() => _target.FindAsync(action));
        Assert.Empty(_api.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        _target.Dispose();
        await _api.DisposeAsync();
    }
}
