using System.Security.Cryptography;
using Ambient.Broker;
using Ambient.Broker.Security;
using Ambient.Deployment.Tests.Images;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Kubernetes.Yaml;
using Ambient.Testing;
using Ambient.Testing.Kubernetes;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Deployment.Tests.Secure;

/// <summary>
/// Production's shape without a cluster: the embedded broker enforcing SASL/SCRAM-SHA-512 and the ACLs of
/// strimzi/common/users.yaml and of the workers' KafkaUsers the operator renders from k8s/agents (each KafkaUser gets a
/// fresh password, as the user operator makes one), the topics of strimzi/common/topics.yaml and the agents' inboxes
/// created as Strimzi's topic operator would, the registry stand-in, and every Deployment of k8s/ and rendered from its
/// Agents run from its image with its manifest's environment and its own user's password (the Agent operator against
/// a fake API server).
/// </summary>
public sealed class SecureCluster : IAsyncLifetime
{
    /// <summary>Kafka's super user of the test (topics, like the topic operator); no component runs as it.</summary>
    public const string Admin = "test-admin";

    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private KafkaBroker? _broker;

    public FakeSchemaRegistry Registry { get; } = new();

    /// <summary>The API server the Agent operator reconciles against.</summary>
    public FakeKubernetesApi KubernetesApi { get; private set; } = null!;

    public string BootstrapServers => _broker!.BootstrapServers;

    internal Dictionary<string, ContainerProcess> Running { get; } = new(StringComparer.Ordinal);

    /// <summary>Secret values by <c>secretName/key</c>: the gateway's webhook secrets, the console's token and each KafkaUser's password.</summary>
    public Dictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal)
    {
        ["ambient-gateway-secrets/github-secret"] = "k8s-github-secret",
        ["ambient-gateway-secrets/slack-signing-secret"] = "k8s-slack-signing-secret",
        ["ambient-gateway-secrets/alertmanager-token"] = "k8s-alertmanager-token",
        ["ambient-gateway-secrets/publish-token"] = "k8s-publish-token",
        ["ambient-console-secrets/token"] = "k8s-console-token-0123456789",
    };

    public string Password(string user) => _passwords[user];

    public async ValueTask InitializeAsync()
    {
        // Read by the broker as Strimzi's user operator reads them: users.yaml's, and each Agent's rendered user.
        var usersFile = Path.Combine(TestDirectories.Create("scram"), "users.yaml");
        await File.WriteAllTextAsync(usersFile, YamlWriter.Write(ManifestSet.OfKind("KafkaUser").Select(u => u.Body)));
        var credentials = Path.Combine(Path.GetDirectoryName(usersFile)!, "credentials.txt");
        foreach (var user in StrimziUsersFile.Load(usersFile))
        {
            _passwords[user.Name] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            Secrets[$"{user.Name}/password"] = _passwords[user.Name];
        }

        await File.WriteAllLinesAsync(credentials, _passwords.Select(p => $"{p.Key}:{p.Value}"));
        _passwords[Admin] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var security = BrokerSecurity.FromStrimziUsers(usersFile, credentials);
        security.Users[Admin] = ScramCredential.FromPassword(_passwords[Admin]);
        security.SuperUsers.Add(Admin);
        // Strimzi's brokers never create topics on a client's request.
        _broker = await EmbeddedBrokers.StartAsync(TestDirectories.Create("secure-kafka"), configure: o =>
        {
            o.Security = security;
            o.AutoCreateTopics = false;
        });
        await CreateTopicsAsync();

        KubernetesApi = await FakeKubernetesApi.StartAsync();
        // Published first, resolved after: a probe port picked before minutes of publishing may be taken meanwhile.
        await Task.WhenAll(KubernetesContainers.Deployments.Select(d => KubernetesContainers.For(d, BootstrapServers, Registry.Url, Secrets, KubernetesApi.Url).Dockerfile).Distinct()
            .Select(ImageBuild.OfAsync));
        var deployments = KubernetesContainers.Deployments.Select(d => KubernetesContainers.For(d, BootstrapServers, Registry.Url, Secrets, KubernetesApi.Url)).ToList();
        foreach (var deployment in deployments)
        {
            Running[deployment.Name] = await ContainerProcess.StartAsync(deployment);
        }

        await Task.WhenAll(Running.Values.Select(r => r.WaitUntilReadyAsync(CancellationToken.None)));
    }

    /// <summary>A client configuration for <paramref name="user"/> (with <paramref name="password"/>, else the user's own).</summary>
    public T Config<T>(T config, string user, string? password = null)
        where T : ClientConfig
    {
        config.BootstrapServers = BootstrapServers;
        config.SecurityProtocol = SecurityProtocol.SaslPlaintext;
        config.SaslMechanism = SaslMechanism.ScramSha512;
        config.SaslUsername = user;
        config.SaslPassword = password ?? Password(user);
        return config;
    }

    /// <summary>The kafka-client ConfigMap's settings with <paramref name="user"/>'s credentials, as a pod of that user gets them.</summary>
    public Dictionary<string, string> ClientEnvironment(string user)
    {
        var environment = new Dictionary<string, string>();
        foreach (var section in new[] { "Producer", "Consumer", "Admin" })
        {
            environment[$"Ambient__Kafka__{section}__security.protocol"] = "SASL_PLAINTEXT";
            environment[$"Ambient__Kafka__{section}__sasl.mechanism"] = "SCRAM-SHA-512";
            environment[$"Ambient__Kafka__{section}__sasl.username"] = user;
            environment[$"Ambient__Kafka__{section}__sasl.password"] = Password(user);
        }

        environment["Ambient__SchemaRegistry__Url"] = Registry.Url;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Running.Values)
        {
            await process.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (KubernetesApi is not null)
        {
            await KubernetesApi.DisposeAsync();
        }

        Registry.Dispose();
    }

    private async Task CreateTopicsAsync()
    {
        using var admin = new AdminClientBuilder(Config(new AdminClientConfig(), Admin)).Build();
        var topics = ManifestSet.OfKind("KafkaTopic").Select(t => new TopicSpecification
        {
            Name = t.Spec["topicName"]?.GetValue<string>() ?? t.Name,
            NumPartitions = (int)t.Spec["partitions"]!.GetValue<long>(),
            ReplicationFactor = 1,
            Configs = (t.Spec["config"]?.AsObject() ?? []).ToDictionary(c => c.Key, c => c.Value!.ToString()),
        }).ToList();
        await admin.CreateTopicsAsync(topics);
    }
}
