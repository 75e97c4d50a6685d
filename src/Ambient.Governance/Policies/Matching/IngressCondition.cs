using Ambient.Abstractions.Events;

namespace Ambient.Governance.Policies.Matching;

/// <summary>
/// <c>ingress</c>: the event entered through one of these kinds, compared exactly; <c>verified</c> stands for every
/// source the gateway authenticates (<see cref="IngressKinds.VerifiedSources"/>), as in agents' subscriptions.
/// </summary>
internal sealed class IngressCondition(IReadOnlyList<string> kinds) : IRuleCondition
{
    /// <summary>Why <paramref name="kind"/> is not an ingress Ambient stamps, or null when it is one.</summary>
    public static string? Problem(string kind)
    {
        if (kind == IngressKinds.Verified || IngressKinds.VerifiedSources.Contains(kind, StringComparer.Ordinal) || kind == IngressKinds.Cli)
        {
            return null;
        }

        if (kind.StartsWith(IngressKinds.PublishPrefix, StringComparison.Ordinal) && kind.Length > IngressKinds.PublishPrefix.Length)
        {
            return null;
        }

        return $"is not an ingress Ambient stamps (expected {IngressKinds.Verified}, "
            + $"{string.Join(", ", IngressKinds.VerifiedSources)}, {IngressKinds.Cli} or {IngressKinds.PublishPrefix}<token name>)";
    }

    public string? WhyNot(PolicyInput input)
    {
        if (input.Ingress is not { } ingress)
        {
            return "ingress unknown";
        }

        return Holds(input) ? null : $"ingress '{ingress}' is none of [{string.Join(", ", kinds)}]";
    }

    public bool Holds(PolicyInput input) =>
        input.Ingress is { } ingress && kinds.Any(kind => kind == ingress || (kind == IngressKinds.Verified && IngressKinds.VerifiedSources.Contains(ingress, StringComparer.Ordinal)));

    public bool? HoldsFor(string agent, string tool) => null;

    public string Describe() => kinds.Count == 1 ? $"ingress is {kinds[0]}" : $"ingress is one of [{string.Join(", ", kinds)}]";
}
