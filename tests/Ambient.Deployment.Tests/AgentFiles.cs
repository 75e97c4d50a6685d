using Ambient.Kafka.Topics;
using Ambient.Runtime.Agents;
using Ambient.Testing;
using Ambient.Worker.Topics;

namespace Ambient.Deployment.Tests;

/// <summary>The shipped agents (agents/*.yaml) as the worker loads them, with topic names resolved from the default configuration.</summary>
internal static class AgentFiles
{
    private static readonly Lazy<IReadOnlyList<AgentDefinition>> s_agents =
        new(() => AgentCatalog.Load(RepositoryFiles.PathOf("agents"), new AmbientTopics().ForRuns(), WorkerTools.Names).Agents);

    public static IReadOnlyList<AgentDefinition> All => s_agents.Value;

    public static AgentDefinition Named(string name) => All.Single(a => a.Name == name);

    /// <summary>An agent file's text (from a ConfigMap, say) as the worker reads it.</summary>
    public static AgentDefinition Read(string file, string text) => AgentCatalog.FromFiles([(file, text)], new AmbientTopics().ForRuns(), WorkerTools.Names).Agents.Single();
}
