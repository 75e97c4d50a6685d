using System.Text.Json.Nodes;
using Ambient.Kubernetes.Yaml;
using Ambient.Testing;
using Ambient.Testing.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Ambient.Operator.Tests;

/// <summary>
/// The Role the operator ships with (k8s/operator.yaml) against what it does: every request it sends in a reconcile,
/// a hand edit set back with its event, status and leader election is one the Role allows, and every verb the Role
/// grants is one it used. A Role that lacks a rule fails in a cluster; one with a rule too many grants what is not needed.
/// </summary>
public sealed class RbacTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShippedRole_AllowsEveryRequestTheOperatorSends_AndGrantsNothingItDoesNotUse()
    {
        var role = ShippedRole();
        await using var cluster = await OperatorHarness.StartAsync(kafka);
        var kubectl = cluster.Kubectl;
        await kubectl.ApplyAsync(Kubectl.Agent("github-triage"));
        await Eventually.UntilAsync(() => kubectl.GetAgent("github-triage")?["status"]?["observedGeneration"] is not null, Cancellation);
        await kubectl.PatchAsync(OwnedResources.Deployment("github-triage"), JsonNode.Parse("""{"spec":{"template":{"spec":{"automountServiceAccountToken":true}}}}""")!.AsObject());
        await Eventually.UntilAsync(() => cluster.Api.Events(Kubectl.Namespace).Any(e => (string?)e["reason"] == "DriftReverted"), Cancellation);
        // A renewal of the lease (an update) within its duration.
        await Eventually.UntilAsync(() => cluster.Api.Requests.Any(r => r.Method == "PUT" && r.Path.Contains("/leases/", StringComparison.Ordinal)), Cancellation);

        var used = cluster.Api.Requests.Where(r => r.UserAgent?.StartsWith("ambient-operator/", StringComparison.Ordinal) == true
            || r.UserAgent?.StartsWith("kubernetes-csharp/", StringComparison.Ordinal) == true).SelectMany(Permissions).ToHashSet();

        Assert.Empty(used.Where(p => !role.Contains(p)).Select(p => p.ToString()));
        Assert.Empty(role.Where(p => !used.Contains(p)).Select(p => p.ToString()));
    }

    // What RBAC checks a request against: its API group, resource (with subresource), and verb. A server-side apply
    // creates what is missing, which needs create besides patch.
    private static IEnumerable<Permission> Permissions(FakeKubernetesRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        var (group, rest) = segments[0] == "api" ? (string.Empty, segments[2..]) : (segments[1], segments[3..]);
        var (resource, named) = rest switch
        {
            ["namespaces", _, var plural] => (plural, false),
            ["namespaces", _, var plural, _] => (plural, true),
            ["namespaces", _, var plural, _, var sub] => ($"{plural}/{sub}", true),
            _ => throw new InvalidOperationException($"{request.Method} {request.Path}: not a namespaced resource path; the operator's Role is namespaced"),
        };
        var verb = (request.Method, named) switch
        {
            ("GET", true) => "get",
            ("GET", false) when request.Query["watch"] == "true" => "watch",
            ("GET", false) => "list",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", _) => "delete",
            _ => throw new InvalidOperationException($"{request.Method} {request.Path}: an unexpected method"),
        };
        yield return new Permission(group, resource, verb);
        if (request.MediaType == "application/apply-patch+yaml")
        {
            yield return new Permission(group, resource, "create");
        }
    }

    private static HashSet<Permission> ShippedRole()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "k8s", "operator.yaml"))));
        var role = stream.Documents.Select(d => (JsonObject)YamlJson.ToJson(d.RootNode)!).Single(d => (string?)d["kind"] == "Role");
        return [.. role["rules"]!.AsArray().SelectMany(rule =>
            from g in rule!["apiGroups"]!.AsArray()
            from r in rule["resources"]!.AsArray()
            from v in rule["verbs"]!.AsArray()
            select new Permission((string)g!, (string)r!, (string)v!))];
    }

    private sealed record Permission(string Group, string Resource, string Verb);
}
