using Ambient.Executor.Targets;
using Ambient.Testing.Kubernetes;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class RestartTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private TestTarget _target = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _target = TestTarget.For(_api.Url);
    }

    [Theory]
    [InlineData("Deployment", "deployments")]
    [InlineData("statefulset", "statefulsets")]
    [InlineData("DaemonSets", "daemonsets")]
    public async Task ApplyAsync_Restart_PatchesTemplateRestartedAtAndMarkerLikeKubectl(string kind, string resource)
    {
        _api.Add(Workloads.CollectionPath(resource), Workloads.Create(kind, "web"));

        var outcome = await _target.ApplyAsync(KubernetesActions.Restart("run-1/2/0", kind));

        Assert.Equal(TargetOutcome.Applied("101"), outcome);
        var request = Assert.Single(_api.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal(Workloads.Path(resource, "web"), request.Path);
        Assert.Equal("application/strategic-merge-patch+json", request.MediaType);
        Assert.Equal("ambient-executor", request.Query["fieldManager"].ToString());
        var patch = request.Json;
        Assert.Equal("2026-12-05T10:15:30Z", (string?)patch["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal("run-1/2/0", (string?)patch["metadata"]!["annotations"]!["ambient.io/action-id"]);
        Assert.Equal("pods stuck after a config change", (string?)patch["metadata"]!["annotations"]!["ambient.io/reason"]);
        Assert.Null(patch["metadata"]!["resourceVersion"]);
        var stored = _api.Get(Workloads.Path(resource, "web"))!;
        Assert.Equal("run-1/2/0", Workloads.Annotation(stored, "ambient.io/action-id"));
        Assert.Equal("7", Workloads.Annotation(stored, "deployment.kubernetes.io/revision"));
        Assert.Equal("app", (string?)stored["spec"]!["template"]!["spec"]!["containers"]![0]!["name"]);
    }

    [Fact]
    public async Task ApplyAsync_RestartAfterScale_RemovesTheScaleAnnotations()
    {
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web"));
        await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));

        await _target.ApplyAsync(KubernetesActions.Restart("run-1/3/0"));

        var stored = _api.Get(Workloads.Path("deployments", "web"))!;
        Assert.Equal("run-1/3/0", Workloads.Annotation(stored, "ambient.io/action-id"));
        Assert.Null(Workloads.Annotation(stored, "ambient.io/previous-replicas"));
        Assert.Null(Workloads.Annotation(stored, "ambient.io/replicas"));
    }

    [Fact]
    public async Task FindAsync_AfterRestart_FindsTheMarker()
    {
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web"));
        var restart = KubernetesActions.Restart("run-1/2/0");
        await _target.ApplyAsync(restart);

        var found = await _target.FindAsync(restart);

        Assert.Equal(TargetOutcome.Applied("101"), found);
        Assert.Equal("GET", _api.Requests.Last().Method);
    }

    [Fact]
    public async Task FindAsync_NeverApplied_ReturnsNull()
    {
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web"));
        await _target.ApplyAsync(KubernetesActions.Restart("run-1/1/0"));

        var found = await _target.FindAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Null(found);
    }

    [Fact]
    public async Task FindAsync_WorkloadMissing_ReturnsNullSoTheApplyReportsIt()
    {
        var found = await _target.FindAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Null(found);
        Assert.Equal(Workloads.Path("deployments", "web"), Assert.Single(_api.Requests).Path);
    }

    [Fact]
    public void Describe_Restart_NamesTheRequestAndMarker()
    {
        var description = _target.Target.Describe(KubernetesActions.Restart("run-1/2/0", "StatefulSet", "db"), ApplyContext.None);

        Assert.StartsWith("PATCH apps/v1 statefulsets shop/db (strategic merge: restart", description, StringComparison.Ordinal);
        Assert.Contains("ambient.io/action-id run-1/2/0", description, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        _target.Dispose();
        await _api.DisposeAsync();
    }
}
