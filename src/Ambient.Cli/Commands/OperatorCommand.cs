using System.CommandLine;
using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Agents;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient operator render</c>: the resources the Agent operator would create for each Agent (or plain agent file), as
/// multi-document YAML on stdout, for GitOps and for checks without a cluster (docs/operator.md).
/// </summary>
internal static class OperatorCommand
{
    public static Command Create() => new("operator", "The Agent operator's work without a cluster (docs/operator.md).") { Render() };

    private static Command Render()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "An Agent resource file, a plain agent file, or a directory of them (*.yaml); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("render", "Print, as YAML, every resource the operator would create for each agent: worker Deployment and ConfigMap, "
            + "KEDA ScaledObject and TriggerAuthentication, KafkaUser with derived ACLs, inbox KafkaTopic, NetworkPolicy, PodDisruptionBudget.")
        {
            files,
        };
        command.SetAction(async parse =>
        {
            var (paths, missing) = AgentFileArguments.Expand(parse.GetValue(files)!);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"error: {missing} does not exist.");
                return ExitCodes.InvalidArguments;
            }

            // Everything is rendered before anything is printed: an invalid agent prints nothing, never half a set.
            IReadOnlyList<(AgentInput Input, IReadOnlyList<JsonObject> Resources)> agents;
            try
            {
                agents = AgentFileArguments.Render(paths, Settings(), "rendered");
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }

            var resources = agents.SelectMany(a => a.Resources).ToList();
            await Console.Out.WriteAsync(YamlWriter.Write(resources));
            await Console.Error.WriteLineAsync($"{resources.Count} resources for {agents.Count} agents ({string.Join(", ", agents.Select(a => a.Input.Name))}).");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>As the operator renders: the topics of <c>Ambient__Topics__*</c>, and only the tools the worker has.</summary>
    internal static RenderSettings Settings() => new() { Topics = AgentInventories.TopicsFromEnvironment(), KnownTools = AgentInventories.WorkerTools().Names };
}
