using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Runtime.Agents;

namespace Ambient.Cli.Commands;

/// <summary>
/// The files <c>-f</c> names, as kubectl reads them: a file, or every <c>*.yaml</c> and <c>*.yml</c> of a directory; and
/// the agents in them, each rendered as the operator renders it, all before any command prints or applies one.
/// </summary>
internal static class AgentFileArguments
{
    /// <summary>The files in order, or the first path that does not exist.</summary>
    public static (IReadOnlyList<string> Files, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                return ([], path);
            }
        }

        return (files, null);
    }

    /// <summary>
    /// Every agent of <paramref name="files"/> with what it renders to, in order. All or nothing: an agent the operator
    /// would refuse, or a name given twice (the message says it is already <paramref name="done"/>), throws.
    /// </summary>
    /// <exception cref="AgentDefinitionException">An agent is invalid or given twice; the message names the file and field.</exception>
    public static IReadOnlyList<(AgentInput Input, IReadOnlyList<JsonObject> Resources)> Render(IEnumerable<string> files, RenderSettings settings, string done)
    {
        var agents = new List<(AgentInput, IReadOnlyList<JsonObject>)>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in files.SelectMany(path => AgentInputReader.Read(path, File.ReadAllText(path))))
        {
            var resources = AgentRenderer.Render(input, settings);
            var name = resources[0]["metadata"]!["labels"]!["ambient.io/agent"]!.GetValue<string>();
            if (!sources.TryAdd(name, input.Source))
            {
                throw new AgentDefinitionException($"{input.Source}: agent '{name}' is already {done} from {sources[name]}");
            }

            agents.Add((input, resources));
        }

        return agents;
    }
}
