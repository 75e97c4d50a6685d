using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Kafka.Topics;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Deployment.Tests.Yaml;
using Ambient.Kubernetes.Input;

namespace Ambient.Deployment.Tests;

/// <summary>The manifests agree with the app: topics, ACLs, KEDA triggers, configuration keys and agent files.</summary>
public sealed class CrossCheckTests
{
    private static readonly AmbientTopics s_topics = new();

    private static Dictionary<string, Resource> KafkaTopics =>
        ManifestSet.OfKind("KafkaTopic").ToDictionary(t => t.Spec["topicName"]?.GetValue<string>() ?? t.Name);

    [Fact]
    public void EveryTopicTheAppUses_HasAKafkaTopicAndNoneIsStray()
    {
        var needed = DeploymentTopics.All(AgentFiles.All.Select(a => a.Name))
            .Concat(AgentFiles.All.SelectMany(a => a.Subscriptions.Select(s => s.Topic))).Distinct().Order(StringComparer.Ordinal).ToList();

        var declared = KafkaTopics.Keys.Order(StringComparer.Ordinal).ToList();

        Assert.Empty(needed.Except(declared));
        Assert.Empty(declared.Except(needed).Except([DeploymentTopics.RegistryJournal]));
        Assert.All(ManifestSet.OfKind("KafkaTopic"), t => Assert.Equal("ambient", t.Body["metadata"]!["labels"]!["strimzi.io/cluster"]!.GetValue<string>()));
    }

    [Fact]
    public void CoPartitionedTopics_HaveEqualPartitionCounts()
    {
        var counts = KafkaTopics.Where(t => DeploymentTopics.IsCoPartitioned(t.Key))
            .ToDictionary(t => t.Key, t => t.Value.Spec["partitions"]!.GetValue<long>());

        Assert.Contains("ambient.checkpoints", counts.Keys);
        Assert.True(counts.Values.Distinct().Count() == 1, string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
    }

    /// <summary>The executor's ledger partition P holds the actions of partition P: the KafkaTopics agree with <see cref="TopicRequirements.Executor"/>.</summary>
    [Fact]
    public void ExecutorTopics_MatchWhatTheExecutorRequires()
    {
        var requirements = TopicRequirements.Executor(s_topics, new TopicLayout { Agents = [.. AgentFiles.All.Select(a => a.Name)] });
        var topics = KafkaTopics;
        var inputPartitions = requirements.Inputs.Select(i => topics[i].Spec["partitions"]!.GetValue<long>()).Distinct().ToList();

        Assert.All(requirements.Topics, t => Assert.Equal(t.Configs[TopicRequirements.CleanupPolicy], topics[t.Name].Spec["config"]!["cleanup.policy"]!.GetValue<string>()));
        Assert.All(requirements.Topics.Where(t => t.Configs.ContainsKey("retention.ms")),
            t => Assert.Equal(t.Configs["retention.ms"], topics[t.Name].Spec["config"]!["retention.ms"]!.ToString()));
        Assert.Single(inputPartitions);
        Assert.All(requirements.ByInputPartition, t => Assert.Equal(inputPartitions[0], topics[t].Spec["partitions"]!.GetValue<long>()));
    }

    [Fact]
    public void CompactedTopics_CarryDeliberateCleanerSettings()
    {
        foreach (var name in DeploymentTopics.Compacted)
        {
            var config = KafkaTopics[name].Spec["config"]!.AsObject();

            Assert.StartsWith("compact", config["cleanup.policy"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.All(new[] { "min.cleanable.dirty.ratio", "segment.ms", "delete.retention.ms" }, key => Assert.True(config.ContainsKey(key), $"{name} lacks {key}"));
            Assert.InRange(config["min.cleanable.dirty.ratio"]!.GetValue<double>(), 0.01, 0.5);
        }
    }

    /// <summary>
    /// The shape of the users; whether their ACLs are enough and no more is proven by running every component as its
    /// user against a broker enforcing them (Secure/LeastPrivilegeTests), not by a table here.
    /// </summary>
    [Fact]
    public void KafkaUsers_OnePerComponentScramWithoutAllOperations()
    {
        var users = ManifestSet.OfKind("KafkaUser").Select(u => u.Name).ToHashSet();

        Assert.All(AgentFiles.All, a => Assert.Contains($"ambient-worker-{a.Name}", users));
        Assert.Contains("ambient-gateway", users);
        Assert.Contains("ambient-executor", users);
        Assert.Contains("ambient-console", users);
        Assert.Contains("ambient-operator", users);
        Assert.All(ManifestSet.OfKind("KafkaUser"), u => Assert.Equal("scram-sha-512", u.Spec["authentication"]!["type"]!.GetValue<string>()));
        Assert.All(ManifestSet.OfKind("KafkaUser"), u => Assert.DoesNotContain("All", Acls(u).Select(a => a.Split(':')[^1])));
    }

    /// <summary>
    /// Each Ambient Deployment connects as the KafkaUser of its own name, in every client section it configures, with the
    /// password from the Secret the user operator writes for that user (named after it, key password).
    /// </summary>
    [Fact]
    public void Deployments_ConnectToKafkaAsTheirOwnUser()
    {
        var users = ManifestSet.OfKind("KafkaUser").Select(u => u.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var deployment in ManifestSet.OfKind("Deployment").Where(d => d.Name.StartsWith("ambient-", StringComparison.Ordinal)))
        {
            var variables = (ManifestSet.Containers(deployment).Single()["env"] as JsonArray ?? []).OfType<JsonObject>().ToDictionary(v => v["name"]!.GetValue<string>());
            var usernames = variables.Keys.Where(n => n.EndsWith("__sasl.username", StringComparison.Ordinal)).ToList();

            Assert.True(usernames.Count > 0, $"{deployment}: sets no sasl.username");
            Assert.Contains(deployment.Name, users);
            foreach (var username in usernames)
            {
                var password = variables[username.Replace("sasl.username", "sasl.password", StringComparison.Ordinal)]["valueFrom"]!["secretKeyRef"]!;
                Assert.Equal(deployment.Name, variables[username]["value"]!.GetValue<string>());
                Assert.Equal(deployment.Name, password["name"]!.GetValue<string>());
                Assert.Equal("password", password["key"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public void ScaledObjects_MatchTheWorkersTheyScale()
    {
        var bootstrap = ManifestSet.Single("ConfigMap", "ambient-kafka-client").Body["data"]!["Ambient__Kafka__BootstrapServers"]!.GetValue<string>();
        var workers = ManifestSet.OfKind("Deployment").Where(d => d.Name.StartsWith("ambient-worker-", StringComparison.Ordinal)).ToList();
        Assert.Equal(AgentFiles.All.Select(a => $"ambient-worker-{a.Name}").Order(), workers.Select(w => w.Name).Order());

        foreach (var worker in workers)
        {
            var env = ManifestSet.Env(ManifestSet.Containers(worker).Single());
            var agent = AgentFiles.Named(env["Ambient__Worker__Agents__0"]!);
            var scaled = ManifestSet.OfKind("ScaledObject").Single(s => s.Spec["scaleTargetRef"]!["name"]!.GetValue<string>() == worker.Name);
            var triggers = scaled.Spec["triggers"]!.AsArray().Select(t => t!.AsObject()).ToList();
            var (min, max) = (scaled.Spec["minReplicaCount"]!.GetValue<long>(), scaled.Spec["maxReplicaCount"]!.GetValue<long>());

            // One trigger per topic the group consumes that can queue work: a subscribed topic and the A2A inbox.
            var topics = triggers.Select(t => t["metadata"]!["topic"]!.GetValue<string>()).ToList();
            Assert.Contains(DeploymentTopics.A2AInbox(agent.Name), topics);
            Assert.Contains(topics, t => agent.Subscriptions.Any(s => s.Topic == t));
            foreach (var trigger in triggers)
            {
                var metadata = trigger["metadata"]!.AsObject();
                var topic = metadata["topic"]!.GetValue<string>();
                Assert.Equal("kafka", trigger["type"]!.GetValue<string>());
                Assert.Equal(agent.ConsumerGroup, metadata["consumerGroup"]!.GetValue<string>());
                Assert.True(agent.Subscriptions.Any(s => s.Topic == topic) || topic == DeploymentTopics.A2AInbox(agent.Name), $"{scaled} scales on {topic}, which {agent.Name} does not consume");
                Assert.Equal(bootstrap, metadata["bootstrapServers"]!.GetValue<string>());
                Assert.InRange(max, Math.Max(min, 1), KafkaTopics.Where(t => t.Key.StartsWith("ambient.events.", StringComparison.Ordinal)).Max(t => t.Value.Spec["partitions"]!.GetValue<long>()));
                Assert.True(long.Parse(metadata["lagThreshold"]!.GetValue<string>(), CultureInfo.InvariantCulture) > 0);
                Assert.True(metadata.ContainsKey("activationLagThreshold"), $"{scaled} sets no activationLagThreshold");
                // The worker's consumer starts a new group at the earliest offset unless told otherwise, so KEDA must count lag the same way.
                Assert.Equal(env.GetValueOrDefault("Ambient__Kafka__Consumer__auto.offset.reset") ?? "earliest", metadata["offsetResetPolicy"]!.GetValue<string>());
                AssertTriggerAuthenticationUsesWorkersUser(trigger, env);
            }
        }
    }

    [Fact]
    public void ExecutorScaledObject_ScalesOnItsGroupsLagOnTheActions()
    {
        var bootstrap = ManifestSet.Single("ConfigMap", "ambient-kafka-client").Body["data"]!["Ambient__Kafka__BootstrapServers"]!.GetValue<string>();
        var executor = ManifestSet.Single("Deployment", "ambient-executor");
        var env = ManifestSet.Env(ManifestSet.Containers(executor).Single());
        var scaled = ManifestSet.OfKind("ScaledObject").Single(s => s.Spec["scaleTargetRef"]!["name"]!.GetValue<string>() == executor.Name);
        var trigger = scaled.Spec["triggers"]!.AsArray().Single()!.AsObject();
        var metadata = trigger["metadata"]!.AsObject();
        var (min, max) = (scaled.Spec["minReplicaCount"]!.GetValue<long>(), scaled.Spec["maxReplicaCount"]!.GetValue<long>());

        Assert.Equal("kafka", trigger["type"]!.GetValue<string>());
        Assert.Equal("ambient-executor", metadata["consumerGroup"]!.GetValue<string>());
        Assert.Equal(s_topics.Actions, metadata["topic"]!.GetValue<string>());
        Assert.Equal(bootstrap, metadata["bootstrapServers"]!.GetValue<string>());
        // More replicas than the actions' partitions would sit idle.
        Assert.InRange(max, Math.Max(min, 1), KafkaTopics[s_topics.Actions].Spec["partitions"]!.GetValue<long>());
        Assert.True(long.Parse(metadata["lagThreshold"]!.GetValue<string>(), CultureInfo.InvariantCulture) > 0);
        Assert.True(metadata.ContainsKey("activationLagThreshold"), $"{scaled} sets no activationLagThreshold");
        Assert.Equal(env.GetValueOrDefault("Ambient__Kafka__Consumer__auto.offset.reset") ?? "earliest", metadata["offsetResetPolicy"]!.GetValue<string>());
        AssertTriggerAuthenticationUsesWorkersUser(trigger, env);
        Assert.Equal("ambient-executor", env["Ambient__Kafka__Consumer__sasl.username"]);
    }

    /// <summary>Dry-run is what the manifest ships: apply is a deliberate edit, target by target.</summary>
    [Fact]
    public void Executor_ShipsEveryTargetDryRun()
    {
        var env = ManifestSet.Env(ManifestSet.Containers(ManifestSet.Single("Deployment", "ambient-executor")).Single());

        Assert.All(new[] { "GitHub", "Slack", "Kubernetes" }, target => Assert.Equal(
            Ambient.Executor.Execution.TargetPolicy.DryRunMode, env.GetValueOrDefault($"Ambient__Executors__{target}__Mode") ?? Ambient.Executor.Execution.TargetPolicy.DryRunMode));
    }

    [Fact]
    public void Executor_OutlivesItsTargetCallsOnShutdown()
    {
        var executor = ManifestSet.Single("Deployment", "ambient-executor");
        var env = ManifestSet.Env(ManifestSet.Containers(executor).Single());
        var requestTimeout = new[] { new Ambient.Executor.Targets.GitHub.GitHubTargetOptions().Timeout, new Ambient.Executor.Targets.Slack.SlackTargetOptions().Timeout,
            new Ambient.Executor.Targets.Kubernetes.KubernetesTargetOptions().Timeout }.Max().TotalSeconds;
        var drain = TimeSpan.Parse(env["Ambient__Consumer__DrainTimeout"]!, CultureInfo.InvariantCulture).TotalSeconds;
        var shutdown = double.Parse(env["DOTNET_SHUTDOWNTIMEOUTSECONDS"]!, CultureInfo.InvariantCulture);
        var grace = executor.Spec["template"]!["spec"]!["terminationGracePeriodSeconds"]!.GetValue<long>();

        Assert.True(grace > shutdown && shutdown > drain && drain > requestTimeout,
            $"{executor}: need grace {grace} > host shutdown {shutdown} > drain {drain} > a target request's timeout {requestTimeout}");
    }

    [Fact]
    public void Workers_OutliveTheirRunsOnShutdown()
    {
        foreach (var worker in ManifestSet.OfKind("Deployment").Where(d => d.Name.StartsWith("ambient-worker-", StringComparison.Ordinal)))
        {
            var env = ManifestSet.Env(ManifestSet.Containers(worker).Single());
            var timeout = AgentFiles.Named(env["Ambient__Worker__Agents__0"]!).Limits.TimeoutSeconds;
            var drain = TimeSpan.Parse(env["Ambient__Consumer__DrainTimeout"]!, CultureInfo.InvariantCulture).TotalSeconds;
            var shutdown = double.Parse(env["DOTNET_SHUTDOWNTIMEOUTSECONDS"]!, CultureInfo.InvariantCulture);
            var grace = worker.Spec["template"]!["spec"]!["terminationGracePeriodSeconds"]!.GetValue<long>();

            Assert.True(grace > shutdown && shutdown > drain && drain > timeout,
                $"{worker}: need grace {grace} > host shutdown {shutdown} > drain {drain} > run timeout {timeout}");
        }
    }

    [Fact]
    public void EnvironmentVariables_AreConfigurationKeysTheAppReads()
    {
        var names = ManifestSet.OfKind("Deployment").Where(d => d.Name.StartsWith("ambient-", StringComparison.Ordinal))
            .SelectMany(ManifestSet.Containers)
            .SelectMany(c => ManifestSet.Env(c).Keys)
            .Concat(ManifestSet.Single("ConfigMap", "ambient-kafka-client").Body["data"]!.AsObject().Select(p => p.Key));

        Assert.Empty(names.Distinct().Select(ConfigurationKeys.Problem).OfType<string>());
    }

    /// <summary>
    /// k8s/agents/NAME.yaml is agents/NAME.yaml as `ambient agents convert` writes it, plus deployment fields: one Agent
    /// per agent file, the file's fields under spec as the API server reads them, nothing added but the deployment fields.
    /// </summary>
    [Fact]
    public void ShippedAgents_AreTheAgentFiles()
    {
        var agents = ManifestSet.OfKind(AgentResource.Kind).ToList();

        Assert.Equal(AgentFiles.All.Select(a => a.Name).Order(StringComparer.Ordinal), agents.Select(a => a.Name).Order(StringComparer.Ordinal));
        foreach (var agent in agents)
        {
            var file = YamlDocuments.Load(RepositoryFiles.PathOf("agents", $"{agent.Name}.yaml")).Single()!.AsObject();
            file.Remove("name");
            var spec = agent.Spec.DeepClone().AsObject();
            foreach (var field in AgentResource.DeploymentFields)
            {
                spec.Remove(field);
            }

            Assert.Equal($"k8s/agents/{agent.Name}.yaml", agent.File);
            Assert.True(JsonNode.DeepEquals(file, spec), $"{agent.File} differs from agents/{agent.Name}.yaml: regenerate its agent fields with `ambient agents convert -f agents/{agent.Name}.yaml --namespace ambient`.");
        }
    }

    private static void AssertTriggerAuthenticationUsesWorkersUser(JsonObject trigger, Dictionary<string, string?> env)
    {
        var auth = ManifestSet.Single("TriggerAuthentication", trigger["authenticationRef"]!["name"]!.GetValue<string>());
        var user = env["Ambient__Kafka__Consumer__sasl.username"];
        var secrets = auth.Spec["secretTargetRef"]!.AsArray().OfType<JsonObject>().ToDictionary(s => s["parameter"]!.GetValue<string>(), s => s["name"]!.GetValue<string>());
        var envRefs = auth.Spec["env"]!.AsArray().OfType<JsonObject>().ToDictionary(s => s["parameter"]!.GetValue<string>(), s => s["name"]!.GetValue<string>());

        Assert.Equal(user, secrets["password"]);
        Assert.Equal("ambient-cluster-ca-cert", secrets["ca"]);
        Assert.Equal("Ambient__Kafka__Consumer__sasl.username", envRefs["username"]);
        ManifestSet.Single("KafkaUser", user!);
    }

    private static SortedSet<string> Acls(Resource user) => new(
        user.Spec["authorization"]!["acls"]!.AsArray().OfType<JsonObject>().SelectMany(acl => acl["operations"]!.AsArray().Select(op =>
            $"{acl["resource"]!["type"]}:{acl["resource"]!["patternType"]?.GetValue<string>() ?? "literal"}:{acl["resource"]!["name"]}:{op}")),
        StringComparer.Ordinal);
}
