using Ambient.Abstractions.Events;

namespace Ambient.Runtime.Agents;

/// <summary>
/// A topic an agent consumes, the CloudEvent type patterns (globs) it handles there (none = all), and the ingresses it
/// trusts (<see cref="IngressKinds"/>; globs, <c>verified</c> for every source the gateway authenticates; none = any).
/// </summary>
public sealed record AgentSubscription(string Topic, IReadOnlyList<string> Types)
{
    /// <summary>Ingress patterns an event must match, e.g. <c>[verified]</c> or <c>[github, publish:ci]</c>; empty accepts any, even none.</summary>
    public IReadOnlyList<string> Ingress { get; init; } = [];

    /// <summary>True when an event of <paramref name="type"/> that entered through <paramref name="ingress"/> is for this subscription.</summary>
    public bool Matches(string type, string? ingress) =>
        (Types.Count == 0 || Types.Any(pattern => Glob.IsMatch(pattern, type))) &&
        (Ingress.Count == 0 || (ingress is not null && Ingress.Any(pattern => IsIngressMatch(pattern, ingress))));

    private static bool IsIngressMatch(string pattern, string ingress) =>
        pattern == IngressKinds.Verified ? IngressKinds.VerifiedSources.Contains(ingress, StringComparer.Ordinal) : Glob.IsMatch(pattern, ingress);
}
