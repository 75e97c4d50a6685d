using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Yaml;
using Ambient.Testing;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>`ambient operator render` run as an operator runs it; its stdout read as the API server would read it.</summary>
internal static class AgentRender
{
    public static async Task<(int ExitCode, IReadOnlyList<JsonObject> Resources, string Output)> RunAsync(params string[] files)
    {
        await using var ambient = DotnetProcess.Start("ambient.dll", [], ["operator", "render", .. files.SelectMany(f => new[] { "-f", f })]);
        await ambient.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (ambient.ExitCode != 0)
        {
            return (ambient.ExitCode, [], ambient.Output);
        }

        var rendered = Path.Combine(TestDirectories.Create("operator-render"), "rendered.yaml");
        await File.WriteAllTextAsync(rendered, ambient.StandardOutput, TestContext.Current.CancellationToken);
        return (0, [.. YamlDocuments.Load(rendered).OfType<JsonObject>()], ambient.Output);
    }

    public static JsonObject Single(IEnumerable<JsonObject> resources, string kind, string name) =>
        resources.Single(r => r["kind"]!.GetValue<string>() == kind && r["metadata"]!["name"]!.GetValue<string>() == name);
}
