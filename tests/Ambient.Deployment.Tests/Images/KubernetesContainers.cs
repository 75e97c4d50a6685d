using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Images;

/// <summary>
/// The k8s/ Deployments' containers as containers here, resolved as the kubelet would: <c>envFrom</c> ConfigMaps,
/// then <c>env</c> (later wins), <c>secretKeyRef</c> from the secrets the test gives (an optional one that is missing is
/// left out), ConfigMap volumes written out as files, and the probes' paths and port. Replaced, each named: the Strimzi
/// bootstrap address by the test's broker, the registry by the stand-in, the container port by a free one, and TLS:
/// the embedded broker speaks SASL without TLS, so <c>SASL_SSL</c> becomes <c>SASL_PLAINTEXT</c> and the CA file goes; and
/// the API server the Agent operator finds in a cluster by the test's fake. A pod's name from the downward API is NAME-0.
/// </summary>
internal static class KubernetesContainers
{
    private const string StrimziBootstrap = "ambient-kafka-bootstrap.ambient.svc:9093";
    private const string RegistryVariable = "Ambient__SchemaRegistry__Url";

    /// <summary>The Agent operator's Deployment: it calls the Kubernetes API, replaced by the test's fake.</summary>
    public const string OperatorDeployment = "ambient-agent-operator";

    /// <summary>The Deployments of k8s/ whose image Ambient builds, by name.</summary>
    public static IReadOnlyList<string> Deployments =>
        [.. ManifestSet.OfKind("Deployment").Where(d => d.File.StartsWith("k8s", StringComparison.Ordinal)).Where(d => DockerfileOf(d) is not null).Select(d => d.Name)];

    /// <param name="deployment">The Deployment's name.</param>
    /// <param name="bootstrap">The test's broker.</param>
    /// <param name="registryUrl">The registry stand-in.</param>
    /// <param name="secrets">Secret values by <c>secretName/key</c>.</param>
    /// <param name="kubernetesUrl">The test's fake API server, for the Agent operator (in a cluster, its service account finds the real one).</param>
    public static ContainerSpec For(string deployment, string bootstrap, string registryUrl, IReadOnlyDictionary<string, string> secrets, string? kubernetesUrl = null)
    {
        var resource = ManifestSet.Single("Deployment", deployment);
        var container = ManifestSet.Containers(resource).Single();
        var environment = new Dictionary<string, string>();
        foreach (var source in (container["envFrom"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var configMap = ManifestSet.Single("ConfigMap", source["configMapRef"]!["name"]!.GetValue<string>());
            foreach (var (name, value) in configMap.Body["data"]!.AsObject())
            {
                environment[name] = value!.GetValue<string>();
            }
        }

        foreach (var variable in (container["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = variable["name"]!.GetValue<string>();
            if (variable["value"] is { } value)
            {
                environment[name] = value.ToString();
            }
            else if (variable["valueFrom"]?["fieldRef"]?["fieldPath"]?.GetValue<string>() == "metadata.name")
            {
                environment[name] = $"{deployment}-0"; // the downward API's pod name
            }
            else if (variable["valueFrom"]?["secretKeyRef"] is JsonObject secret)
            {
                var key = $"{secret["name"]!.GetValue<string>()}/{secret["key"]!.GetValue<string>()}";
                if (secrets.TryGetValue(key, out var given))
                {
                    environment[name] = given;
                }
                else if (secret["optional"]?.GetValue<bool>() != true)
                {
                    throw new InvalidOperationException($"{deployment}: {name} needs secret {key}, which the test does not give.");
                }
            }
        }

        var ports = (container["ports"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(p => p["name"]!.GetValue<string>(), p => (int)p["containerPort"]!.GetValue<long>());
        var readiness = container["readinessProbe"]?["httpGet"];
        var liveness = container["livenessProbe"]?["httpGet"];
        int? httpPort = null;
        if (readiness is not null)
        {
            var probed = ports[readiness["port"]!.GetValue<string>()].ToString(CultureInfo.InvariantCulture);
            httpPort = ComposeContainers.FreePort();
            foreach (var name in environment.Where(e => e.Value == probed).Select(e => e.Key).ToList())
            {
                environment[name] = httpPort.Value.ToString(CultureInfo.InvariantCulture); // ASPNETCORE_HTTP_PORTS, ...Health__Port
            }
        }

        foreach (var name in environment.Keys.ToList())
        {
            environment[name] = environment[name].Replace(StrimziBootstrap, bootstrap, StringComparison.Ordinal);
            if (name.EndsWith("security.protocol", StringComparison.Ordinal) && environment[name] == "SASL_SSL")
            {
                environment[name] = "SASL_PLAINTEXT";
            }
            else if (name.EndsWith("ssl.ca.location", StringComparison.Ordinal))
            {
                environment.Remove(name);
            }
            else if (name == RegistryVariable)
            {
                environment[name] = registryUrl;
            }
        }

        if (deployment == OperatorDeployment)
        {
            environment["Ambient__Operator__KubernetesUrl"] = kubernetesUrl ?? throw new InvalidOperationException($"{deployment} calls the Kubernetes API: give the test's fake API server.");
        }

        return new ContainerSpec(deployment, DockerfileOf(resource)!, environment, [.. (container["args"] as JsonArray ?? []).Select(a => a!.GetValue<string>())],
            ConfigMapMounts(resource, container), httpPort,
            liveness?["path"]?.GetValue<string>() ?? "/healthz", readiness?["path"]?.GetValue<string>() ?? "/readyz");
    }

    /// <summary>The Dockerfile that builds a Deployment's image (<c>ambient/gateway:0.1.0</c> → docker/gateway.Dockerfile).</summary>
    private static string? DockerfileOf(Resource deployment)
    {
        var image = ManifestSet.Containers(deployment).Single()["image"]!.GetValue<string>();
        if (!image.StartsWith("ambient/", StringComparison.Ordinal))
        {
            return null;
        }

        var path = $"docker/{image["ambient/".Length..].Split(':')[0]}.Dockerfile";
        return File.Exists(RepositoryFiles.PathOf(path)) ? path : throw new InvalidDataException($"{deployment}: image {image} has no {path}.");
    }

    /// <summary>Each ConfigMap volume the container mounts, written to a directory of its own (one file per key).</summary>
    private static Dictionary<string, string> ConfigMapMounts(Resource deployment, JsonObject container)
    {
        var volumes = (deployment.Spec["template"]!["spec"]!["volumes"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(v => v["configMap"] is not null).ToDictionary(v => v["name"]!.GetValue<string>(), v => v["configMap"]!["name"]!.GetValue<string>());
        var mounts = new Dictionary<string, string>();
        foreach (var mount in (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (volumes.TryGetValue(mount["name"]!.GetValue<string>(), out var configMap))
            {
                var directory = TestDirectories.Create("configmap");
                foreach (var (file, content) in ManifestSet.Single("ConfigMap", configMap).Body["data"]!.AsObject())
                {
                    File.WriteAllText(Path.Combine(directory, file), content!.GetValue<string>());
                }

                mounts[mount["mountPath"]!.GetValue<string>()] = directory;
            }
        }

        return mounts;
    }
}
