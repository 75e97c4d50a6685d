namespace Ambient.Operator;

/// <summary>The operator's settings (<c>Ambient:Operator</c>).</summary>
public sealed class OperatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Operator";

    /// <summary>Where the in-cluster service account's namespace is written.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The namespace whose Agents it reconciles; default: its own pod's namespace, else <c>ambient</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>The API server's URL (a test's fake, or <c>kubectl proxy</c>); default: in-cluster, else the kubeconfig.</summary>
    public Uri? KubernetesUrl { get; set; }

    /// <summary>This replica's name in the leader lease; default: the pod's name (HOSTNAME).</summary>
    public string? Identity { get; set; }

    /// <summary>The Lease two replicas compete for: only its holder reconciles.</summary>
    public string LeaseName { get; set; } = "ambient-operator";

    /// <summary>How long a lease holds without renewal before another replica may take it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops reconciling.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a replica tries for the lease, and the leader renews it.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often every Agent is reconciled in full even without a change: what sets back manual edits.</summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each Agent's status is refreshed (written only when it changed).</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Strimzi <c>Kafka</c> the rendered users and topics belong to.</summary>
    public string KafkaCluster { get; set; } = "ambient";

    /// <summary>Where KEDA reads consumer offsets: the cluster's TLS listener.</summary>
    public string KafkaBootstrap { get; set; } = "ambient-kafka-bootstrap.ambient.svc:9093";

    /// <summary>An Agent's <c>replicas.max</c> when its spec gives none.</summary>
    public int DefaultMaxReplicas { get; set; } = 6;

    /// <summary>Every setting that is wrong, each naming its key; empty when all are usable.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, value, least) in new[]
        {
            (nameof(LeaseDuration), LeaseDuration, TimeSpan.FromSeconds(1)),
            (nameof(RenewDeadline), RenewDeadline, TimeSpan.FromMilliseconds(500)),
            (nameof(RetryPeriod), RetryPeriod, TimeSpan.FromMilliseconds(100)),
            (nameof(ResyncInterval), ResyncInterval, TimeSpan.FromMilliseconds(200)),
            (nameof(StatusInterval), StatusInterval, TimeSpan.FromMilliseconds(200)),
        })
        {
            if (value < least)
            {
                yield return $"{SectionName}:{key} must be at least {least}, got {value}";
            }
        }

        if (RenewDeadline >= LeaseDuration || RetryPeriod >= RenewDeadline)
        {
            yield return $"{SectionName}: RetryPeriod ({RetryPeriod}) < RenewDeadline ({RenewDeadline}) < LeaseDuration ({LeaseDuration}) is required, or two replicas could both lead";
        }

        if (DefaultMaxReplicas < 1)
        {
            yield return $"{SectionName}:{nameof(DefaultMaxReplicas)} must be at least 1, got {DefaultMaxReplicas}";
        }
    }

    /// <summary>The namespace to reconcile: as set, else the pod's own, else <c>ambient</c>.</summary>
    public string ResolveNamespace() =>
        Namespace ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : "ambient");

    /// <summary>This replica's identity: as set, else the pod's name.</summary>
    public string ResolveIdentity() => Identity ?? Environment.MachineName;
}
