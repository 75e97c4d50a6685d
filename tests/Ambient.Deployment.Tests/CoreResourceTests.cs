using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Deployment.Tests.Yaml;

namespace Ambient.Deployment.Tests;

/// <summary>The core Kubernetes resources carry what production needs: pinned images, probes, locked-down pods, limits, budgets.</summary>
public sealed class CoreResourceTests
{
    private static IEnumerable<Resource> Deployments => ManifestSet.OfKind("Deployment");

    [Fact]
    public void Deployments_PinImagesProbeAndLimitEveryContainer()
    {
        foreach (var deployment in Deployments)
        {
            foreach (var container in ManifestSet.Containers(deployment))
            {
                var image = container["image"]!.GetValue<string>();
                Assert.Matches(@"^[a-z0-9./-]+:[0-9][\w.-]*$", image);
                Assert.NotNull(container["livenessProbe"]?["httpGet"]?["path"]);
                Assert.NotNull(container["readinessProbe"]?["httpGet"]?["path"]);
                Assert.NotNull(container["resources"]?["requests"]?["cpu"]);
                Assert.NotNull(container["resources"]?["requests"]?["memory"]);
                Assert.NotNull(container["resources"]?["limits"]?["memory"]);
            }
        }
    }

    [Fact]
    public void AmbientContainers_ProbeTheHealthEndpointsTheyServe()
    {
        foreach (var deployment in Deployments.Where(d => d.Name.StartsWith("ambient-", StringComparison.Ordinal)))
        {
            var container = ManifestSet.Containers(deployment).Single();
            var port = container["ports"]!.AsArray().Single()!;

            Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
            Assert.Equal(8080, port["containerPort"]!.GetValue<long>());
            Assert.Equal(port["name"]!.GetValue<string>(), container["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>());
            if (deployment.Name.StartsWith("ambient-worker-", StringComparison.Ordinal))
            {
                Assert.Equal("8080", ManifestSet.Env(container)["Ambient__Worker__Health__Port"]);
            }

            if (deployment.Name == "ambient-executor")
            {
                Assert.Equal("8080", ManifestSet.Env(container)["Ambient__Executors__Health__Port"]);
            }

            // The web applications listen where ASP.NET Core's own setting says, their probes included.
            if (deployment.Name is "ambient-gateway" or "ambient-console")
            {
                Assert.Equal("8080", ManifestSet.Env(container)["ASPNETCORE_HTTP_PORTS"]);
            }
        }
    }

    [Fact]
    public void Pods_RunNonRootReadOnlyWithoutPrivileges()
    {
        foreach (var deployment in Deployments)
        {
            var pod = deployment.Spec["template"]!["spec"]!;
            Assert.True(pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true, $"{deployment}: pod not runAsNonRoot");
            Assert.Equal("RuntimeDefault", pod["securityContext"]?["seccompProfile"]?["type"]?.GetValue<string>());
            // Only a pod whose service account is bound to a role calls the API server and needs its token.
            var needsToken = BoundServiceAccounts().Contains(pod["serviceAccountName"]?.GetValue<string>() ?? "default");
            Assert.True((pod["automountServiceAccountToken"]?.GetValue<bool>() ?? true) == needsToken,
                needsToken ? $"{deployment}: its service account's role is of no use without the token" : $"{deployment}: mounts a service account token it does not need");
            foreach (var container in ManifestSet.Containers(deployment))
            {
                var security = container["securityContext"]!;
                Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>(), $"{deployment}: root filesystem writable");
                Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>());
                Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()));
            }
        }
    }

    [Fact]
    public void Secrets_AreReferencedNeverInlined()
    {
        var secretLike = new[] { "secret", "password", "token", "api_key", "apikey" };

        Assert.Empty(ManifestSet.OfKind("Secret"));
        foreach (var container in Deployments.SelectMany(ManifestSet.Containers))
        {
            foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = variable["name"]!.GetValue<string>();
                if (secretLike.Any(s => name.Contains(s, StringComparison.OrdinalIgnoreCase)))
                {
                    Assert.True(variable["valueFrom"]?["secretKeyRef"] is not null, $"{name} must come from a secretKeyRef");
                }
            }
        }
    }

    [Fact]
    public void EveryDeploymentHasADisruptionBudgetSelectingIt()
    {
        var budgets = ManifestSet.OfKind("PodDisruptionBudget").ToList();

        foreach (var deployment in Deployments.Where(d => d.Name.StartsWith("ambient-", StringComparison.Ordinal)))
        {
            var labels = deployment.Spec["template"]!["metadata"]!["labels"]!.AsObject();
            Assert.Contains(budgets, b => b.Spec["selector"]!["matchLabels"]!.AsObject().All(l => labels[l.Key]?.GetValue<string>() == l.Value!.GetValue<string>()));
        }
    }

    [Fact]
    public void EventWatcher_MayOnlyReadEvents()
    {
        var role = ManifestSet.Single("ClusterRole", "ambient-event-watcher");
        var rules = role.Body["rules"]!.AsArray().OfType<JsonObject>().ToList();

        Assert.All(rules, rule => Assert.Equal(["events"], rule["resources"]!.AsArray().Select(r => r!.GetValue<string>())));
        Assert.All(rules, rule => Assert.Equal(["get", "list", "watch"], rule["verbs"]!.AsArray().Select(v => v!.GetValue<string>())));
        Assert.Equal(["ambient-agent-operator", "ambient-event-watcher", "ambient-executor"], ManifestSet.OfKind("Role").Concat(ManifestSet.OfKind("ClusterRole")).Select(r => r.Name).Order());
    }

    /// <summary>
    /// The executor's Kubernetes target reads and patches apps/v1 workloads (GET, then PATCH; src/Ambient.Executor/Targets/Kubernetes),
    /// and may do nothing else: no list, watch, create, delete, no other resource, no other API group.
    /// </summary>
    [Fact]
    public void Executor_MayOnlyGetAndPatchAppsWorkloads()
    {
        var role = ManifestSet.Single("ClusterRole", "ambient-executor");
        var rules = role.Body["rules"]!.AsArray().OfType<JsonObject>().ToList();
        var binding = ManifestSet.Single("ClusterRoleBinding", "ambient-executor");
        var subject = binding.Body["subjects"]!.AsArray().Single()!;

        var rule = Assert.Single(rules);
        Assert.Equal(["apps"], rule["apiGroups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(["daemonsets", "deployments", "statefulsets"], rule["resources"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal(["get", "patch"], rule["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).Order());
        Assert.False(rule.ContainsKey("resourceNames") || rule.ContainsKey("nonResourceURLs"));
        Assert.Equal("ambient-executor", binding.Body["roleRef"]!["name"]!.GetValue<string>());
        Assert.Equal("ServiceAccount", subject["kind"]!.GetValue<string>());
        Assert.Equal("ambient-executor", subject["name"]!.GetValue<string>());
        ManifestSet.Single("ServiceAccount", "ambient-executor");
        Assert.Equal("ambient-executor", ManifestSet.Single("Deployment", "ambient-executor").Spec["template"]!["spec"]!["serviceAccountName"]!.GetValue<string>());
    }

    [Fact]
    public void NetworkPolicies_DenyByDefaultAndOpenOnlyTheGatewayToIngress()
    {
        var policies = ManifestSet.OfKind("NetworkPolicy").ToList();
        var deny = policies.Single(p => p.Name == "default-deny");

        Assert.Equal(["Ingress", "Egress"], deny.Spec["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.False(deny.Spec.ContainsKey("ingress") || deny.Spec.ContainsKey("egress"));
        var withIngress = policies.Where(p => p.Spec["ingress"] is JsonArray { Count: > 0 }).Select(p => p.Name).Order();
        Assert.Equal(["ambient-gateway", "apicurio-registry"], withIngress);
        var worker = policies.Single(p => p.Name == "ambient-worker");
        Assert.Equal([9093L, 8080L, 443L, 11434L, 53L], worker.Spec["egress"]!.AsArray().Select(e => e!["ports"]![0]!["port"]!.GetValue<long>()));
        // Each agent's own policy, rendered from its Agent, opens what the shared one opens, no more.
        var workers = Deployments.Where(d => d.Name.StartsWith("ambient-worker-", StringComparison.Ordinal)).Select(d => d.Name).Order(StringComparer.Ordinal);
        var agentPolicies = policies.Where(p => p.Name.StartsWith("ambient-worker-", StringComparison.Ordinal)).ToList();
        Assert.Equal(workers, agentPolicies.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(agentPolicies, p => Assert.True(JsonNode.DeepEquals(worker.Spec["egress"], p.Spec["egress"]), $"{p}: {p.Spec["egress"]!.ToJsonString()}"));
        // The executor: Kafka, the registry, the API server (private addresses, 6443 or 443), public HTTPS (GitHub, Slack), DNS.
        var executor = policies.Single(p => p.Name == "ambient-executor");
        Assert.Equal("ambient-executor", executor.Spec["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal(["9093", "8080", "6443,443", "443", "53,53"], executor.Spec["egress"]!.AsArray()
            .Select(e => string.Join(",", e!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<long>()))));
        var publicHttps = executor.Spec["egress"]!.AsArray()[3]!["to"]!.AsArray().Single()!["ipBlock"]!;
        Assert.Equal("0.0.0.0/0", publicHttps["cidr"]!.GetValue<string>());
        Assert.Equal(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], publicHttps["except"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.All(executor.Spec["egress"]!.AsArray()[2]!["to"]!.AsArray(), to => Assert.Contains(to!["ipBlock"]!["cidr"]!.GetValue<string>(), publicHttps["except"]!.AsArray().Select(c => c!.GetValue<string>())));
        // The console: Kafka, the registry (the run heads' schemas), DNS; and nothing in (no ingress rule, see withIngress).
        var console = policies.Single(p => p.Name == "ambient-console");
        Assert.Equal("ambient-console", console.Spec["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal(["9093", "8080", "53,53"], console.Spec["egress"]!.AsArray()
            .Select(e => string.Join(",", e!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<long>()))));
        var registryClients = policies.Single(p => p.Name == "apicurio-registry").Spec["ingress"]!.AsArray().Single()!["from"]!.AsArray()
            .Select(f => f!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal(["ambient-console", "ambient-executor", "ambient-gateway", "ambient-worker"], registryClients.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The console is internal-facing: one replica (its sign-in keys live in the process), a ClusterIP Service no Ingress
    /// routes to, and a service account without a token.
    /// </summary>
    [Fact]
    public void Console_IsInternalOnly()
    {
        var deployment = ManifestSet.Single("Deployment", "ambient-console");
        var service = ManifestSet.Single("Service", "ambient-console");
        var ingressBackends = ManifestSet.OfKind("Ingress").SelectMany(i => i.Spec["rules"]!.AsArray())
            .SelectMany(r => r!["http"]!["paths"]!.AsArray()).Select(p => p!["backend"]!["service"]!["name"]!.GetValue<string>());
        var account = ManifestSet.Single("ServiceAccount", "ambient-console");

        Assert.Equal(1, deployment.Spec["replicas"]!.GetValue<long>());
        Assert.Equal("ClusterIP", service.Spec["type"]?.GetValue<string>() ?? "ClusterIP");
        Assert.Equal("ambient-console", service.Spec["selector"]!["app.kubernetes.io/name"]!.GetValue<string>());
        Assert.Equal("http", service.Spec["ports"]!.AsArray().Single()!["targetPort"]!.GetValue<string>());
        Assert.DoesNotContain("ambient-console", ingressBackends);
        Assert.Equal("ambient-console", deployment.Spec["template"]!["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.False(account.Body["automountServiceAccountToken"]!.GetValue<bool>());
    }

    /// <summary>Service accounts some RoleBinding or ClusterRoleBinding gives a role.</summary>
    private static HashSet<string> BoundServiceAccounts() =>
    [
        .. ManifestSet.OfKind("RoleBinding").Concat(ManifestSet.OfKind("ClusterRoleBinding"))
            .SelectMany(b => b.Body["subjects"]!.AsArray().OfType<JsonObject>())
            .Where(s => s["kind"]!.GetValue<string>() == "ServiceAccount")
            .Select(s => s["name"]!.GetValue<string>()),
    ];

    [Theory]
    [InlineData("k8s")]
    [InlineData("strimzi/common")]
    [InlineData("strimzi/dev")]
    [InlineData("strimzi/prod")]
    public void Kustomization_ListsEveryManifestOfItsDirectory(string directory)
    {
        var root = RepositoryFiles.PathOf(directory);
        var kustomization = YamlDocuments.Load(Path.Combine(root, "kustomization.yaml")).Single()!;
        var listed = kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

        var files = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f != "kustomization.yaml").Order().ToList();

        Assert.Equal(files, listed.Where(r => r.EndsWith(".yaml", StringComparison.Ordinal)).Order());
        Assert.All(listed.Where(r => !r.EndsWith(".yaml", StringComparison.Ordinal)),
            dir => Assert.True(File.Exists(Path.Combine(root, dir, "kustomization.yaml")), $"{directory}/{dir} has no kustomization.yaml"));
    }
}
