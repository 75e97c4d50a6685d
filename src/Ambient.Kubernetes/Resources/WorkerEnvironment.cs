using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Consumers;
using Ambient.Runtime.Schedules;
using Ambient.Worker;
using Ambient.Worker.Health;

namespace Ambient.Kubernetes.Resources;

/// <summary>The worker container's environment: its one agent and those it may delegate to, its stop timings, its model keys and its Kafka identity.</summary>
internal static class WorkerEnvironment
{
    public const string AgentsDirectory = "/etc/ambient/agents";
    public const int HealthPort = 8080;
    private const string A2aDelegate = "a2a.delegate";

    public static JsonArray Build(WorkerPlan plan, WorkerTimings timings)
    {
        var env = new JsonArray
        {
            Value(Key(AmbientKafkaOptions.SectionName, "ClientId"), plan.WorkerName),
            Value(Key(AmbientWorkerOptions.SectionName, "AgentsDirectory"), AgentsDirectory),
            Value(Key(AmbientWorkerOptions.SectionName, "Agents", "0"), plan.Agent.Name),
            Value(Key(WorkerHealthOptions.SectionName, "Port"), HealthPort.ToString(CultureInfo.InvariantCulture)),
            Value(Key(EventConsumerOptions.SectionName, "DrainTimeout"), timings.Drain.ToString("c", CultureInfo.InvariantCulture)),
            Value("DOTNET_SHUTDOWNTIMEOUTSECONDS", timings.HostShutdown.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
            // A small pod: the GC sizes its heaps to the footprint (DATAS), which the worker's build turns off for
            // throughput on dedicated cores (src/Ambient.Worker/README.md).
            Value("DOTNET_GCDynamicAdaptationMode", "1"),
        };
        // Each model's key (the file's apiKeyEnv, OPENAI_API_KEY by default) from the ambient-llm Secret, optional so an
        // offline agent starts without one.
        foreach (var variable in new[] { plan.Agent.Model }.Concat(plan.Agent.Model.Fallbacks).Select(m => m.ApiKeyEnvironmentVariable ?? "OPENAI_API_KEY").Distinct(StringComparer.Ordinal))
        {
            env.Add(Secret(variable, "ambient-llm", "api-key", optional: true));
        }

        // Only a delegating agent learns the others: adding an Agent rolls no other worker.
        if (plan.Agent.Tools.Contains(A2aDelegate))
        {
            var peers = (plan.Settings.ReachableAgents ?? new HashSet<string>()).Where(a => a != plan.Agent.Name).Order(StringComparer.Ordinal);
            foreach (var (peer, index) in peers.Select((peer, index) => (peer, index)))
            {
                env.Add(Value(Key(AmbientWorkerOptions.SectionName, nameof(AmbientWorkerOptions.ReachableAgents), index.ToString(CultureInfo.InvariantCulture)), peer));
            }
        }

        if (plan.RunsWeeklyDigest)
        {
            env.Add(Value(Key(WeeklyDigestOptions.SectionName, "Enabled"), "true"));
        }

        foreach (var client in new[] { "Producer", "Consumer", "Admin" })
        {
            env.Add(Value(Key(AmbientKafkaOptions.SectionName, client, "sasl.username"), plan.WorkerName));
            env.Add(Secret(Key(AmbientKafkaOptions.SectionName, client, "sasl.password"), plan.WorkerName, "password", optional: false));
        }

        return env;
    }

    private static string Key(params string[] parts) => string.Join("__", parts.SelectMany(p => p.Split(':')));

    private static JsonObject Value(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Secret(string name, string secret, string key, bool optional)
    {
        var reference = new JsonObject { ["name"] = secret, ["key"] = key };
        if (optional)
        {
            reference["optional"] = true;
        }

        return new JsonObject { ["name"] = name, ["valueFrom"] = new JsonObject { ["secretKeyRef"] = reference } };
    }
}
