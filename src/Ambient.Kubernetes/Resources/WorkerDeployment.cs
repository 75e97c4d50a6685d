using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>
/// The worker Deployment, locked down as every Deployment in k8s/ is: non-root, read-only, no token, no capabilities; its replica
/// count is the ScaledObject's, so the Deployment sets none. The agent file's hash on the pod template rolls the workers
/// when the file changes.
/// </summary>
internal static class WorkerDeployment
{
    private const int UserId = 1654; // the .NET images' "app" user

    public static JsonObject Build(WorkerPlan plan)
    {
        var timings = WorkerTimings.For(plan.Agent.Limits.TimeoutSeconds);
        var template = new JsonObject
        {
            ["labels"] = plan.PodLabels,
            ["annotations"] = new JsonObject { ["ambient.io/agent-version"] = plan.Agent.Version },
        };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = plan.Metadata(plan.WorkerName),
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = plan.SelectorLabels },
                ["template"] = new JsonObject
                {
                    ["metadata"] = template,
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = "ambient-worker",
                        ["automountServiceAccountToken"] = false,
                        ["terminationGracePeriodSeconds"] = (long)timings.GracePeriod.TotalSeconds,
                        ["securityContext"] = new JsonObject
                        {
                            ["runAsNonRoot"] = true,
                            ["runAsUser"] = UserId,
                            ["runAsGroup"] = UserId,
                            ["fsGroup"] = UserId,
                            ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
                        },
                        ["containers"] = new JsonArray(Container(plan, timings)),
                        ["volumes"] = new JsonArray(
                            new JsonObject { ["name"] = "agents", ["configMap"] = new JsonObject { ["name"] = plan.ConfigMapName } },
                            new JsonObject
                            {
                                ["name"] = "kafka-ca",
                                ["secret"] = new JsonObject
                                {
                                    ["secretName"] = $"{plan.Settings.KafkaCluster}-cluster-ca-cert",
                                    ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                                },
                            },
                            new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject { ["sizeLimit"] = "64Mi" } }),
                    },
                },
            },
        };
    }

    private static JsonObject Container(WorkerPlan plan, WorkerTimings timings) => new()
    {
        ["name"] = "worker",
        ["image"] = plan.Input.Deployment.Image,
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "health", ["containerPort"] = WorkerEnvironment.HealthPort }),
        ["envFrom"] = new JsonArray(new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = "ambient-kafka-client" } }),
        ["env"] = WorkerEnvironment.Build(plan, timings),
        ["livenessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "health" },
            ["periodSeconds"] = 10,
            ["failureThreshold"] = 3,
        },
        ["readinessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/readyz", ["port"] = "health" },
            ["periodSeconds"] = 5,
        },
        ["resources"] = plan.Input.Deployment.Resources?.DeepClone() ?? new JsonObject
        {
            ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "256Mi" },
            ["limits"] = new JsonObject { ["memory"] = "512Mi" },
        },
        ["securityContext"] = new JsonObject
        {
            ["runAsNonRoot"] = true,
            ["allowPrivilegeEscalation"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        },
        ["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "agents", ["mountPath"] = WorkerEnvironment.AgentsDirectory, ["readOnly"] = true },
            new JsonObject { ["name"] = "kafka-ca", ["mountPath"] = "/etc/kafka-ca", ["readOnly"] = true },
            new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" }),
    };
}
