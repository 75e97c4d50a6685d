using Ambient.Runtime.Runs;



namespace Ambient.Runtime.Agents;

/// <summary>
/// The agents of a deployment, loaded from one directory of YAML files (<c>*.yaml</c>, <c>*.yml</c>).
/// Every problem is found at start, not at the first event: bad YAML, unknown fields, missing values,
/// unknown tools, duplicate names.
/// </summary>
public sealed class AgentCatalog
{
    private AgentCatalog(IReadOnlyList<AgentDefinition> agents) => Agents = agents;

    /// <summary>The agents, ordered by name.</summary>
    public IReadOnlyList<AgentDefinition> Agents { get; }

    /// <summary>Loads every agent file in <paramref name="directory"/>; with <paramref name="knownTools"/> null, tools are checked by <see cref="CheckTools"/> later.</summary>
    /// <exception cref="AgentDefinitionException">A file is invalid; the message names file, line and field.</exception>
    public static AgentCatalog Load(string directory, RunTopics topics, IReadOnlySet<string>? knownTools)
    {
        if (!Directory.Exists(directory))
        {
            throw new AgentDefinitionException($"Agent directory '{Path.GetFullPath(directory)}' does not exist.");
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return FromFiles(files.Select(f => (f, File.ReadAllText(f))), topics, knownTools);
    }

    /// <summary>Builds a catalog from file names and contents (tests, embedded definitions).</summary>
    /// <exception cref="AgentDefinitionException">A file is invalid or two agents share a name.</exception>
    public static AgentCatalog FromFiles(IEnumerable<(string File, string Text)> files, RunTopics topics, IReadOnlySet<string>? knownTools)
    {
        var agents = new List<AgentDefinition>();
        foreach (var (file, text) in files)
        {
            var agent = AgentFileReader.Read(file, text, topics, knownTools);
            if (agents.FirstOrDefault(a => a.Name == agent.Name) is { } twin)
            {
                throw new AgentDefinitionException($"{file}: agent name '{agent.Name}' is already used by {twin.SourceFile}");
            }

            agents.Add(agent);
        }

        return new AgentCatalog([.. agents.OrderBy(a => a.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Checks that every tool <paramref name="agents"/> list exists among <paramref name="knownTools"/> or their own MCP servers' tools.</summary>
    /// <exception cref="AgentDefinitionException">An agent lists a tool nothing provides; the message names its file.</exception>
    public static void CheckTools(IEnumerable<AgentDefinition> agents, IReadOnlySet<string> knownTools)
    {
        ArgumentNullException.ThrowIfNull(agents);
        foreach (var agent in agents)
        {
            var known = KnownTools.For(knownTools, agent.McpServers);
            var calls = agent.OfflineRules.Rules.SelectMany(r => r.Calls.Select(c => c.Tool));
            if (agent.Tools.Concat(calls).Select(known.Problem).FirstOrDefault(p => p is not null) is { } problem)
            {
                throw new AgentDefinitionException($"{agent.SourceFile}: agent {agent.Name} lists {problem}");
            }
        }
    }
}
