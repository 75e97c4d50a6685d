namespace Ambient.Worker;

/// <summary>Which agents a worker runs, bound from <c>Ambient:Worker</c>.</summary>
public sealed class AmbientWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Worker";

    /// <summary>Directory of agent YAML files.</summary>
    public string AgentsDirectory { get; set; } = "agents";

    /// <summary>Names of the agents to run; empty runs every agent in the directory (one Deployment per agent sets one).</summary>
    public IList<string> Agents { get; } = [];

    /// <summary>
    /// A2A between agents (default on): each agent also reads its inbox <c>ambient.a2a.&lt;agent&gt;</c>, may use the
    /// <c>a2a.delegate</c> tool, reads replies, and its Agent Card is published at start.
    /// </summary>
    public bool A2a { get; set; } = true;

    /// <summary>
    /// Other agents this worker's agents may delegate to, besides those of its agents directory: a worker deployed for one
    /// agent (as the Agent operator deploys it) has only that agent's file, and learns the others' names here.
    /// </summary>
    public IList<string> ReachableAgents { get; } = [];

    /// <summary>
    /// Check the topics the worker uses before it starts (default on): a missing topic, or a checkpoints topic with fewer
    /// partitions than an input or without compaction, stops the start with one error saying how to fix it.
    /// </summary>
    public bool CheckTopics { get; set; } = true;
}
