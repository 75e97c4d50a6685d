using Ambient.Executor.Targets;
using Ambient.Testing.Kubernetes;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class ScaleTests : IAsyncLifetime
{
    private static readonly string s_path = Workloads.Path("deployments", "web");
    private FakeKubernetesApi _api = null!;
    private TestTarget _target = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web", replicas: 3));
        _target = TestTarget.For(_api.Url);
    }

    [Fact]
    public async Task ApplyAsync_Scale_ReadsThenPatchesReplicasWithPreviousCountAndPrecondition()
    {
        var outcome = await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));

        Assert.Equal(TargetOutcome.Applied("101"), outcome);
        Assert.Equal([("GET", s_path), ("PATCH", s_path)], _api.Requests.Select(r => (r.Method, r.Path)));
        var patch = _api.Requests.Last();
        Assert.Equal("application/merge-patch+json", patch.MediaType);
        Assert.Equal(5, (int)patch.Json["spec"]!["replicas"]!);
        Assert.Equal("100", (string?)patch.Json["metadata"]!["resourceVersion"]);
        var stored = _api.Get(s_path)!;
        Assert.Equal(5, (int)stored["spec"]!["replicas"]!);
        Assert.Equal("run-1/2/0", Workloads.Annotation(stored, "ambient.io/action-id"));
        Assert.Equal("3", Workloads.Annotation(stored, "ambient.io/previous-replicas"));
        Assert.Equal("5", Workloads.Annotation(stored, "ambient.io/replicas"));
        Assert.Equal("queue backlog", Workloads.Annotation(stored, "ambient.io/reason"));
    }

    [Fact]
    public async Task ApplyAsync_ScaleAlreadyApplied_DoesNotPatchOverTheCountBefore()
    {
        var scale = KubernetesActions.Scale("run-1/2/0", 5);
        await _target.ApplyAsync(scale);

        var again = await _target.ApplyAsync(scale);

        Assert.Equal(TargetOutcome.Applied("101"), again);
        Assert.Equal("GET", _api.Requests.Last().Method);
        Assert.Equal("3", Workloads.Annotation(_api.Get(s_path)!, "ambient.io/previous-replicas"));
    }

    [Fact]
    public async Task ApplyAsync_UndoScale_RestoresThePreviousCount()
    {
        await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));

        var outcome = await _target.ApplyAsync(KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0"), compensatedExternalId: "101");

        Assert.Equal(TargetOutcome.Applied("102"), outcome);
        var patch = _api.Requests.Last();
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal("101", (string?)patch.Json["metadata"]!["resourceVersion"]);
        var stored = _api.Get(s_path)!;
        Assert.Equal(3, (int)stored["spec"]!["replicas"]!);
        Assert.Equal("run-1/4/0", Workloads.Annotation(stored, "ambient.io/action-id"));
        Assert.Equal("5", Workloads.Annotation(stored, "ambient.io/previous-replicas"));
        Assert.Equal("undoes run-1/2/0", Workloads.Annotation(stored, "ambient.io/reason"));
        Assert.Equal(TargetOutcome.Applied("102"), await _target.FindAsync(KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0")));
    }

    [Fact]
    public async Task ApplyAsync_UndoScaleAfterAnotherAction_FailsSupersededWithoutPatching()
    {
        await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));
        await _target.ApplyAsync(KubernetesActions.Scale("run-2/2/0", 8));
        var requests = _api.Requests.Count;

        var outcome = await _target.ApplyAsync(KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0"), compensatedExternalId: "101");

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("Cannot undo run-1/2/0 on Deployment shop/web: superseded by action run-2/2/0.", outcome.Reason);
        Assert.Equal("GET", Assert.Single(_api.Requests.Skip(requests)).Method);
        Assert.Equal(8, (int)_api.Get(s_path)!["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task ApplyAsync_UndoScaleAfterAScaleOutsideAmbient_FailsSuperseded()
    {
        await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));
        var scaledByHand = _api.Get(s_path)!;
        scaledByHand["spec"]!["replicas"] = 7;
        _api.Add(Workloads.CollectionPath("deployments"), scaledByHand);

        var outcome = await _target.ApplyAsync(KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0"), compensatedExternalId: "101");

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("superseded by a scale outside Ambient", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("it has 7 replicas, not the 5 that action set", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(7, (int)_api.Get(s_path)!["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task ApplyAsync_UndoOfAScaleThatNeverApplied_ChangesNothing()
    {
        var outcome = await _target.ApplyAsync(KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0"), compensatedExternalId: null);

        Assert.Equal(TargetOutcome.Applied(null), outcome);
        Assert.Equal("GET", Assert.Single(_api.Requests).Method);
    }

    [Fact]
    public async Task ApplyAsync_ScaleConflict_RetriesAndTheNextAttemptReadsAgain()
    {
        _api.FailWith(409, method: "PATCH");

        var outcome = await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));
        _api.Recover();
        var retried = await _target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("409 Conflict", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(TargetOutcome.Applied("101"), retried);
        Assert.Equal(["GET", "PATCH", "GET", "PATCH"], _api.Requests.Select(r => r.Method));
    }

    [Fact]
    public void Describe_UndoScale_NamesTheConditionAndScopeIsTheNamespace()
    {
        var undo = KubernetesActions.UndoScale("run-1/4/0", "run-1/2/0");

        var description = _target.Target.Describe(undo, new ApplyContext("101"));

        Assert.Equal(
            "GET then PATCH apps/v1 deployments shop/web (merge: spec.replicas back to ambient.io/previous-replicas if ambient.io/action-id is still run-1/2/0, " +
            "then ambient.io/action-id run-1/4/0)",
            description);
        Assert.Equal("shop", _target.Target.ScopeOf(undo));
    }

    public async ValueTask DisposeAsync()
    {
        _target.Dispose();
        await _api.DisposeAsync();
    }
}
