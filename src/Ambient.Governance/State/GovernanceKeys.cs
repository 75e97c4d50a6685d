namespace Ambient.Governance.State;

/// <summary>
/// The keys of the governance topic (<c>ambient.policy</c>, compacted): one record per policy and one per pause, the
/// latest wins, a tombstone removes it. Every worker and executor reads the whole topic and follows it.
/// </summary>
public static class GovernanceKeys
{
    /// <summary>The prefix of a policy's key: <c>policy/&lt;name&gt;</c>; its value is the policy's YAML.</summary>
    public const string PolicyPrefix = "policy/";

    /// <summary>The key of the policy named <paramref name="name"/>.</summary>
    public static string Policy(string name) => PolicyPrefix + name;

    /// <summary>The prefix of a pause's key: <c>pause/&lt;agent&gt;</c> or <c>pause/*</c>; its value is a <see cref="PauseRecord"/> as JSON, a tombstone resumes.</summary>
    public const string PausePrefix = "pause/";

    /// <summary>The agent name a pause of every agent (and of the executors) is recorded under.</summary>
    public const string AllAgents = "*";

    /// <summary>The key of the pause of <paramref name="agent"/> (or <see cref="AllAgents"/>).</summary>
    public static string Pause(string agent) => PausePrefix + agent;
}
