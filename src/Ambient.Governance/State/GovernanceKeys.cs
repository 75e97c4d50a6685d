namespace Ambient.Governance.State;

/// <summary>
/// The keys of the governance topic (<c>ambient.policy</c>, compacted): one record per policy, the latest wins, a
/// tombstone removes it. Every worker and executor reads the whole topic and follows it.
/// </summary>
public static class GovernanceKeys
{
    /// <summary>The prefix of a policy's key: <c>policy/&lt;name&gt;</c>; its value is the policy's YAML.</summary>
    public const string PolicyPrefix = "policy/";

    /// <summary>The key of the policy named <paramref name="name"/>.</summary>
    public static string Policy(string name) => PolicyPrefix + name;
}
