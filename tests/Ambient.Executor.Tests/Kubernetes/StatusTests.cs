using Ambient.Executor.Targets;
using Ambient.Testing.Kubernetes;

namespace Ambient.Executor.Tests.Kubernetes;

public sealed class StatusTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _api.Add(Workloads.CollectionPath("deployments"), Workloads.Create("Deployment", "web"));
    }

    [Fact]
    public async Task ApplyAsync_Forbidden_FailsNamingTheMissingRbacRule()
    {
        using var target = TestTarget.For(_api.Url);
        _api.FailWith(403);

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith(
            "Kubernetes forbade the executor to patch Deployment shop/web (403 Forbidden): its ServiceAccount lacks RBAC for verb 'patch' " +
            "on resource 'deployments' in API group 'apps' in namespace 'shop'. Kubernetes said: PATCH /apis/apps/v1/namespaces/shop/deployments/web",
            outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_ScaleForbiddenToRead_NamesTheGetVerb()
    {
        using var target = TestTarget.For(_api.Url);
        _api.FailWith(403, method: "GET");

        var outcome = await target.ApplyAsync(KubernetesActions.Scale("run-1/2/0", 5));

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("lacks RBAC for verb 'get' on resource 'deployments'", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("GET", Assert.Single(_api.Requests).Method);
    }

    [Fact]
    public async Task ApplyAsync_WorkloadMissing_FailsNotFound()
    {
        using var target = TestTarget.For(_api.Url);

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0", "StatefulSet", "db"));

        Assert.Equal(TargetOutcome.Failed("StatefulSet shop/db was not found (404 Not Found)."), outcome);
    }

    [Theory]
    [InlineData(401, "401 Unauthorized")]
    [InlineData(422, "as invalid (422)")]
    [InlineData(400, "Kubernetes answered 400")]
    public async Task ApplyAsync_PermanentRefusal_Fails(int status, string expected)
    {
        using var target = TestTarget.For(_api.Url);
        _api.FailWith(status);

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains(expected, outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(409, "Deployment shop/web changed between the executor's read and its patch (409 Conflict)")]
    [InlineData(500, "Kubernetes answered 500 to the patch of Deployment shop/web")]
    [InlineData(503, "Kubernetes answered 503 to the patch of Deployment shop/web")]
    public async Task ApplyAsync_PassingTrouble_RetriesWithoutADelayTheServerDidNotAskFor(int status, string expected)
    {
        using var target = TestTarget.For(_api.Url);
        _api.FailWith(status);

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.StartsWith(expected, outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.RetryAfter);
    }

    [Fact]
    public async Task ApplyAsync_Throttled_RetriesAfterWhatTheServerSaid()
    {
        using var target = TestTarget.For(_api.Url);
        _api.FailWith(429, retryAfter: TimeSpan.FromSeconds(5));

        var outcome = await target.ApplyAsync(KubernetesActions.Restart("run-1/2/0"));

        Assert.Equal(TargetOutcome.Retry("Kubernetes throttled the patch of Deployment shop/web (429 Too Many Requests).", TimeSpan.FromSeconds(5)), outcome);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();
}
