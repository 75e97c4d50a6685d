using System.CommandLine;
using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Agents;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient agents convert -f FILE|DIR [--namespace NS]</c>: plain agent files as <c>Agent</c> resources, multi-document
/// YAML on stdout, for <c>kubectl apply -f</c> once the CRD and the operator are installed (docs/deployment.md#agents).
/// Each agent is rendered first, as the operator will render it, so an agent the operator would refuse is never printed.
/// </summary>
internal static class AgentsConvertCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "A plain agent file, or a directory of them (*.yaml); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The Agents' metadata.namespace; by default none (kubectl's or kustomize's)." };
        var command = new Command("convert", "Print plain agent files as Agent resources (ambient.io/v1alpha1): the file's name as metadata.name, its other fields under spec.")
        {
            files, ns,
        };
        command.SetAction(async parse =>
        {
            var (paths, missing) = AgentFileArguments.Expand(parse.GetValue(files)!);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"error: {missing} does not exist.");
                return ExitCodes.InvalidArguments;
            }

            // All or nothing, as `operator render`: an invalid file prints no Agent at all.
            List<JsonObject> agents;
            try
            {
                agents = [.. AgentFileArguments.Render(paths, OperatorCommand.Settings(), "converted").Select(a => AgentFileConversion.ToAgent(a.Input, parse.GetValue(ns)))];
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }

            await Console.Out.WriteAsync(YamlWriter.Write(agents));
            await Console.Error.WriteLineAsync($"{agents.Count} Agents ({string.Join(", ", agents.Select(a => a["metadata"]!["name"]))}).");
            return ExitCodes.Success;
        });
        return command;
    }
}
