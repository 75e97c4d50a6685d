using System.Text.Json.Nodes;
using Ambient.Broker.Security;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Agents;

namespace Ambient.Cli.Commands;

/// <summary>
/// The workers' KafkaUsers of <c>ambient up --secure</c>, rendered from the agent files as the Agent operator renders them
/// (ACLs derived by Ambient.Kubernetes), so a laptop enforces what a cluster enforces. A user the manifests already define wins.
/// </summary>
internal static class LocalWorkerUsers
{
    /// <summary>Writes the manifests followed by the derived users to <c>kafka-users.yaml</c> in <paramref name="directory"/>; returns its path.</summary>
    public static string WriteWithManifests(string usersPath, string agentsDirectory, string directory)
    {
        var manifests = File.ReadAllText(usersPath);
        var defined = StrimziUsersFile.Load(usersPath).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var settings = new RenderSettings { Topics = AgentInventories.TopicsFromEnvironment() };
        var derived = new List<JsonObject>();
        foreach (var file in Directory.Exists(agentsDirectory) ? AgentFileArguments.Expand([agentsDirectory]).Files : [])
        {
            try
            {
                derived.AddRange(AgentInputReader.Read(file, File.ReadAllText(file))
                    .SelectMany(input => AgentRenderer.Render(input, settings))
                    .Where(r => r["kind"]!.GetValue<string>() == "KafkaUser" && !defined.Contains(r["metadata"]!["name"]!.GetValue<string>())));
            }
            catch (AgentDefinitionException)
            {
                // The worker's start names the file and field and exits 6; a user for it would change nothing.
            }
        }

        var path = Path.Combine(directory, "kafka-users.yaml");
        File.WriteAllText(path, manifests.TrimEnd('\n') + "\n" + YamlWriter.Write(derived));
        return path;
    }
}
