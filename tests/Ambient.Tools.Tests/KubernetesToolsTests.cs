using System.Text.Json.Nodes;
using Ambient.Abstractions.Tools;
using Ambient.Testing.Kubernetes;

namespace Ambient.Tools.Tests;

public sealed class KubernetesToolsTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private ReadTools _tools = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _tools = new ReadTools(("Ambient:Tools:Kubernetes:Url", _api.Url));
    }

    [Fact]
    public async Task Get_CrashLoopingPod_SummarisesContainersOwnersAndNoManagedFields()
    {
        _api.Add("/api/v1/namespaces/shop/pods", KubernetesObjects.CrashLoopingPod("checkout-7c9f8d6b5-x2x9q", "shop"));

        var result = await _tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "Pod", name = "checkout-7c9f8d6b5-x2x9q" });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = JsonNode.Parse(result.Text)!;
        Assert.Equal("Pod", (string?)json["kind"]);
        Assert.Equal("shop", (string?)json["namespace"]);
        Assert.Equal("checkout", (string?)json["labels"]!["app"]);
        Assert.Equal("ReplicaSet", (string?)json["ownerReferences"]![0]!["kind"]);
        Assert.Equal("checkout-7c9f8d6b5", (string?)json["ownerReferences"]![0]!["name"]);
        var status = json["status"]!;
        Assert.Equal("Running", (string?)status["phase"]);
        Assert.Equal("worker-2", (string?)status["nodeName"]);
        Assert.Equal("ContainersNotReady", (string?)status["conditions"]![0]!["reason"]);
        var container = status["containerStatuses"]![0]!;
        Assert.False((bool)container["ready"]!);
        Assert.Equal(5, (int)container["restartCount"]!);
        Assert.Equal("waiting", (string?)container["state"]!["state"]);
        Assert.Equal("CrashLoopBackOff", (string?)container["state"]!["reason"]);
        Assert.Equal("terminated", (string?)container["lastState"]!["state"]);
        Assert.Equal("OOMKilled", (string?)container["lastState"]!["reason"]);
        Assert.Equal(137, (int)container["lastState"]!["exitCode"]!);
        Assert.DoesNotContain("managedFields", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("last-applied", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Deployment_SummarisesReplicasAndConditions()
    {
        _api.Add("/apis/apps/v1/namespaces/shop/deployments", KubernetesObjects.DegradedDeployment("checkout", "shop"));

        var result = await _tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "deployment", name = "checkout" });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var status = JsonNode.Parse(result.Text)!["status"]!;
        Assert.Equal(3, (int)status["replicas"]!["desired"]!);
        Assert.Equal(2, (int)status["replicas"]!["ready"]!);
        Assert.Equal(3, (int)status["replicas"]!["updated"]!);
        Assert.Equal(2, (int)status["replicas"]!["available"]!);
        Assert.Equal("MinimumReplicasUnavailable", (string?)status["conditions"]![0]!["reason"]);
        Assert.DoesNotContain("managedFields", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Secret")]
    [InlineData("secrets")]
    [InlineData("ConfigMap")]
    [InlineData("ServiceAccount")]
    public async Task Get_KindNotAllowed_FailsNamingAllowedKindsWithoutARequest(string kind)
    {
        var result = await _tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind, name = "db-credentials" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains("Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Service, Node", result.Text, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Get_MissingPod_FailsNamingIt()
    {
        var result = await _tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "Pod", name = "ghost" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Equal("Kubernetes: Pod shop/ghost was not found (404).", result.Text);
    }

    [Theory]
    [InlineData("../kube-system", "web")]
    [InlineData("shop", "web/../../secrets/x")]
    [InlineData("Shop", "web")]
    public async Task Get_NameNotAKubernetesName_ThrowsToolArgumentException(string namespaceName, string name)
    {
        await Assert.ThrowsAsync<ToolArgumentException>(() => _tools.CallAsync("kubernetes.get", new { @namespace = namespaceName, kind = "Pod", name }));

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Events_ReturnsOnlyTheObjectsWarningsNewestFirst()
    {
        _api.AddEvent("shop", KubernetesObjects.Event("shop", "Pod", "web-0", "Warning", "BackOff", "Back-off restarting failed container app", 12, "2026-11-30T08:05:00Z", "2026-11-30T08:40:00Z"));
        _api.AddEvent("shop", KubernetesObjects.Event("shop", "Pod", "web-0", "Normal", "Pulled", "Container image already present", 13, "2026-11-30T08:05:00Z", "2026-11-30T08:45:00Z"));
        _api.AddEvent("shop", KubernetesObjects.Event("shop", "Pod", "web-0", "Warning", "Unhealthy", "Readiness probe failed: HTTP 503", 30, "2026-11-30T08:01:00Z", "2026-11-30T08:50:00Z"));
        _api.AddEvent("shop", KubernetesObjects.Event("shop", "Pod", "web-1", "Warning", "FailedScheduling", "0/3 nodes are available", 1, "2026-11-30T08:00:00Z", "2026-11-30T08:59:00Z"));

        var result = await _tools.CallAsync("kubernetes.events", new { @namespace = "shop", kind = "Pod", name = "web-0" });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var events = JsonNode.Parse(result.Text)!["events"]!.AsArray();
        Assert.Equal(["Unhealthy", "BackOff"], events.Select(e => (string)e!["reason"]!));
        Assert.Equal("Readiness probe failed: HTTP 503", (string?)events[0]!["message"]);
        Assert.Equal(30, (int)events[0]!["count"]!);
        Assert.Equal("2026-11-30T08:01:00Z", (string?)events[0]!["firstTimestamp"]);
        Assert.Equal("2026-11-30T08:50:00Z", (string?)events[0]!["lastTimestamp"]);
        var request = Assert.Single(_api.Requests);
        Assert.Equal("/api/v1/namespaces/shop/events", request.Path);
        Assert.Equal("involvedObject.kind=Pod,involvedObject.name=web-0,type=Warning", request.Query["fieldSelector"].ToString());
    }

    [Fact]
    public async Task Events_ManyWarnings_AreCappedAtTwenty()
    {
        for (var i = 0; i < 25; i++)
        {
            _api.AddEvent("shop", KubernetesObjects.Event("shop", "Pod", "web-0", "Warning", $"R{i:00}", "m", 1, "2026-11-30T08:00:00Z", $"2026-11-30T09:{i:00}:00Z"));
        }

        var result = await _tools.CallAsync("kubernetes.events", new { @namespace = "shop", kind = "Pod", name = "web-0" });

        var json = JsonNode.Parse(result.Text)!;
        Assert.Equal(25, (int)json["total"]!);
        Assert.Equal(20, json["events"]!.AsArray().Count);
        Assert.Equal("R24", (string?)json["events"]![0]!["reason"]);
    }

    [Fact]
    public async Task Logs_ReturnsTheLastLinesAskedFor()
    {
        _api.AddLog("web-0", "app", previous: false, Enumerable.Range(1, 300).Select(i => $"line {i}"));

        var result = await _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0", lines = 50 });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = JsonNode.Parse(result.Text)!;
        var lines = json["lines"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Equal(50, lines.Count);
        Assert.Equal("line 251", lines[0]);
        Assert.Equal("line 300", lines[^1]);
        Assert.False((bool)json["previous"]!);
        Assert.Equal("50", Assert.Single(_api.Requests).Query["tailLines"].ToString());
    }

    [Fact]
    public async Task Logs_Previous_ReadsThePreviousInstanceOfTheContainer()
    {
        _api.AddLog("web-0", "app", previous: false, ["starting"]);
        _api.AddLog("web-0", "app", previous: true, ["starting", "panic: out of memory"]);
        _api.AddLog("web-0", "sidecar", previous: false, ["proxy up"]);

        var result = await _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0", container = "app", previous = true });

        Assert.Equal(ToolResultKind.Content, result.Kind);
        var json = JsonNode.Parse(result.Text)!;
        Assert.Equal(["starting", "panic: out of memory"], json["lines"]!.AsArray().Select(l => (string)l!));
        Assert.True((bool)json["previous"]!);
        Assert.Equal("app", (string?)json["container"]);
        var query = Assert.Single(_api.Requests).Query;
        Assert.Equal("true", query["previous"].ToString());
        Assert.Equal("app", query["container"].ToString());
        Assert.Equal("100", query["tailLines"].ToString());
    }

    [Fact]
    public async Task Logs_PodWithTwoContainersAndNoneNamed_FailsWithTheServersExplanation()
    {
        _api.AddLog("web-0", "app", previous: false, ["a"]);
        _api.AddLog("web-0", "sidecar", previous: false, ["b"]);

        var result = await _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0" });

        Assert.Equal(ToolResultKind.Failed, result.Kind);
        Assert.Contains("choose one of: [app sidecar]", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Logs_LinesOutOfBounds_ThrowsToolArgumentException(int lines)
    {
        await Assert.ThrowsAsync<ToolArgumentException>(() => _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0", lines }));

        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Logs_VeryLongLines_KeepTheNewestWithinTheCharacterBudget()
    {
        _api.AddLog("web-0", "app", previous: false, Enumerable.Range(1, 100).Select(i => $"{i:000} " + new string('x', 3000)));

        var result = await _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0" });

        var json = JsonNode.Parse(result.Text)!;
        var lines = json["lines"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.StartsWith("100 ", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith("[... 1004 more characters]", lines[^1], StringComparison.Ordinal);
        Assert.Equal(100, lines.Count + (int)json["omittedLines"]!);
        Assert.True(lines.Sum(l => l.Length) <= 48_000);
    }

    [Fact]
    public async Task AllKubernetesTools_MakeOnlyGetRequests()
    {
        _api.Add("/api/v1/namespaces/shop/pods", KubernetesObjects.CrashLoopingPod("web-0", "shop"));
        _api.AddLog("web-0", "app", previous: false, ["ok"]);

        await _tools.CallAsync("kubernetes.get", new { @namespace = "shop", kind = "Pod", name = "web-0" });
        await _tools.CallAsync("kubernetes.events", new { @namespace = "shop", kind = "Pod", name = "web-0" });
        await _tools.CallAsync("kubernetes.logs", new { @namespace = "shop", pod = "web-0" });

        Assert.Equal(3, _api.Requests.Count);
        Assert.All(_api.Requests, request => Assert.Equal("GET", request.Method));
    }

    public async ValueTask DisposeAsync()
    {
        _tools.Dispose();
        await _api.DisposeAsync();
    }
}
