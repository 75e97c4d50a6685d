using System.CommandLine;
using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Runtime.Agents;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ambient.Cli.Commands;

/// <summary>
/// <c>ambient agents apply -f FILE|DIR [-n NS]</c>: today's agent files applied to a cluster as
/// <c>Agent</c> resources, by server-side apply as <c>kubectl apply --server-side</c> would; the Agent operator does the
/// rest. Every agent is converted and rendered before anything is sent, so an invalid one applies nothing.
/// </summary>
internal static class AgentsApplyCommand
{
    private const string FieldManager = "ambient-cli";

    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "A plain agent file, or a directory of them (*.yaml); repeatable.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var ns = new Option<string>("--namespace", "-n") { Description = "The namespace the operator watches.", DefaultValueFactory = _ => "ambient" };
        var server = new Option<string?>("--server") { Description = "The API server's URL (e.g. kubectl proxy's); by default the kubeconfig's, or in-cluster." };
        var command = new Command("apply", "Apply agent files to a cluster as Agent resources (server-side apply); the Agent operator turns each into its worker.")
        {
            files, ns, server,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (paths, missing) = AgentFileArguments.Expand(parse.GetValue(files)!);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"error: {missing} does not exist.");
                return ExitCodes.InvalidArguments;
            }

            Uri? url = null;
            if (parse.GetValue(server) is { } given && !Uri.TryCreate(given, UriKind.Absolute, out url))
            {
                await Console.Error.WriteLineAsync($"error: --server {given} is not an absolute URL.");
                return ExitCodes.InvalidArguments;
            }

            var namespaceName = parse.GetValue(ns)!;
            List<JsonObject> agents;
            try
            {
                // An Agent resource is refused, naming it: `kubectl apply -f` applies those as they are.
                agents = [.. AgentFileArguments.Render(paths, OperatorCommand.Settings(), "applied").Select(a => AgentFileConversion.ToAgent(a.Input, namespaceName))];
            }
            catch (AgentDefinitionException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.InvalidAgents;
            }

            using var client = Connect(url);
            foreach (var agent in agents)
            {
                var name = agent["metadata"]!["name"]!.ToString();
                try
                {
                    await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(agent.ToJsonString(), V1Patch.PatchType.ApplyPatch),
                        AgentResource.Group, "v1alpha1", namespaceName, "agents", name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                    await Console.Out.WriteLineAsync($"agent.ambient.io/{name} applied");
                }
                catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
                {
                    var reason = ex is HttpOperationException { Response: { } response } ? $"{(int)response.StatusCode} {response.Content}" : ex.Message;
                    await Console.Error.WriteLineAsync($"error: Agent {namespaceName}/{name} was not applied: {reason}");
                    return ExitCodes.Refused;
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static k8s.Kubernetes Connect(Uri? server)
    {
        var configuration = server is not null ? new KubernetesClientConfiguration { Host = server.AbsoluteUri }
            : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildDefaultConfig();
        return new k8s.Kubernetes(configuration);
    }
}
