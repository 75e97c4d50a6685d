namespace Ambient.Operator.Tests;

/// <summary>Where the resources an Agent named <c>NAME</c> becomes live, in the test's namespace.</summary>
internal static class OwnedResources
{
    public static IReadOnlyList<string> Of(string agent, string inbox) =>
    [
        $"/api/v1/namespaces/ambient/configmaps/ambient-agent-{agent}",
        Deployment(agent),
        $"/apis/keda.sh/v1alpha1/namespaces/ambient/scaledobjects/ambient-worker-{agent}",
        $"/apis/keda.sh/v1alpha1/namespaces/ambient/triggerauthentications/ambient-worker-{agent}-kafka",
        $"/apis/kafka.strimzi.io/v1/namespaces/ambient/kafkausers/ambient-worker-{agent}",
        $"/apis/kafka.strimzi.io/v1/namespaces/ambient/kafkatopics/{inbox}",
        $"/apis/networking.k8s.io/v1/namespaces/ambient/networkpolicies/ambient-worker-{agent}",
        $"/apis/policy/v1/namespaces/ambient/poddisruptionbudgets/ambient-worker-{agent}",
    ];

    public static string Deployment(string agent) => $"/apis/apps/v1/namespaces/ambient/deployments/ambient-worker-{agent}";

    public static string ConfigMap(string agent) => $"/api/v1/namespaces/ambient/configmaps/ambient-agent-{agent}";
}
