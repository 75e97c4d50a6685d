using System.Text.Json.Nodes;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Yaml;
using Ambient.Testing;
using YamlDotNet.RepresentationModel;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient agents convert</c> prints plain agent files as Agent resources that render exactly as the files do, and,
/// like <c>operator render</c>, prints nothing at all when one of them is invalid.
/// </summary>
public sealed class AgentsConvertCommandTests
{
    private const string Echo = """
        # A comment the Agent does not keep.
        name: echo
        owner: team-sre
        subscriptions: [{topic: custom}]
        systemPrompt: Say what you were given.
        """;

    /// <summary>Everything rendered is the same but the agent file's text (compared as the API server reads it) and the version hashed from it.</summary>
    [Fact]
    public async Task Convert_SampleAgents_RenderAsThePlainFilesDo()
    {
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "agents"), "*.yaml").Order(StringComparer.Ordinal).ToList();

        using var ambient = AmbientProcess.Start(AppContext.BaseDirectory, "\0never", "agents", "convert", "-f", "agents");
        var exit = await ambient.WaitForExitAsync();

        Assert.True(exit == 0, ambient.Output);
        var converted = AgentInputReader.Read("converted.yaml", ambient.StandardOutput).ToDictionary(i => i.Name);
        Assert.Equal(samples.Select(Path.GetFileNameWithoutExtension), converted.Keys);
        Assert.All(converted.Values, i => Assert.True(i.IsAgentResource));
        foreach (var sample in samples)
        {
            var plain = AgentInputReader.Read(sample, File.ReadAllText(sample)).Single();
            var expected = Comparable(AgentRenderer.Render(plain, new RenderSettings()));
            var actual = Comparable(AgentRenderer.Render(converted[plain.Name], new RenderSettings()));

            Assert.True(JsonNode.DeepEquals(expected, actual), $"{plain.Name}: expected\n{expected.ToJsonString()}\nfrom the Agent\n{actual.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Convert_WithNamespace_PrintsTheAgentInItWithoutTheFileName()
    {
        var directory = TestDirectories.Create("cli-agents-convert");
        await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), Echo, TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "agents", "convert", "-f", "echo.yaml", "--namespace", "ambient");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(0, exit);
        Assert.Equal("""
            ---
            apiVersion: ambient.io/v1alpha1
            kind: Agent
            metadata:
              name: echo
              namespace: ambient
            spec:
              owner: team-sre
              subscriptions:
              - topic: custom
              systemPrompt: Say what you were given.

            """.ReplaceLineEndings("\n"), ambient.StandardOutput);
        Assert.Contains("1 Agents (echo).", ambient.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modle: {provider: offline}\n", "modle")]
    [InlineData("tools: [github.no_such_tool]\n", "unknown tool 'github.no_such_tool'")]
    [InlineData("", "agent 'echo' is already converted from")]
    public async Task Convert_InvalidFileAmongValidOnes_ExitsSixNamingItAndPrintsNothing(string field, string error)
    {
        var directory = TestDirectories.Create("cli-agents-convert-invalid");
        await File.WriteAllTextAsync(Path.Combine(directory, "a-valid.yaml"), Echo, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "b-broken.yaml"), Echo + "\n" + field, TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "agents", "convert", "-f", ".");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(6, exit);
        Assert.Contains(error, ambient.Output, StringComparison.Ordinal);
        Assert.Contains("b-broken.yaml", ambient.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ambient.StandardOutput);
    }

    [Fact]
    public async Task Convert_AnAgentResource_ExitsSixSayingItIsOneAlready()
    {
        var directory = TestDirectories.Create("cli-agents-convert-agent");
        await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), "apiVersion: ambient.io/v1alpha1\nkind: Agent\nmetadata: {name: echo}\nspec: {owner: x, subscriptions: [{topic: custom}], systemPrompt: Hi.}\n",
            TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "agents", "convert", "-f", "echo.yaml");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(6, exit);
        Assert.Contains("echo.yaml (Agent echo): already an Agent resource", ambient.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ambient.StandardOutput);
    }

    [Fact]
    public async Task Convert_MissingFile_ExitsTwoAndPrintsNothing()
    {
        var directory = TestDirectories.Create("cli-agents-convert-missing");
        await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), Echo, TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "agents", "convert", "-f", "echo.yaml", "-f", "nowhere.yaml");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(2, exit);
        Assert.Contains("error: nowhere.yaml does not exist.", ambient.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ambient.StandardOutput);
    }

    /// <summary>The resources, with the agent file as JSON (as the API server types it) and without the version hashed from its text.</summary>
    private static JsonArray Comparable(IReadOnlyList<JsonObject> resources)
    {
        var copy = new JsonArray([.. resources.Select(r => r.DeepClone())]);
        foreach (var resource in copy.OfType<JsonObject>())
        {
            if (resource["kind"]!.GetValue<string>() == "ConfigMap")
            {
                var data = resource["data"]!.AsObject();
                foreach (var file in data.Select(p => p.Key).ToList())
                {
                    var stream = new YamlStream();
                    stream.Load(new StringReader(data[file]!.GetValue<string>()));
                    data[file] = YamlJson.ToJson(stream.Documents.Single().RootNode);
                }
            }
            else if (resource["kind"]!.GetValue<string>() == "Deployment")
            {
                var annotations = resource["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject();
                Assert.Matches("^[0-9a-f]{16}$", annotations["ambient.io/agent-version"]!.GetValue<string>());
                annotations.Remove("ambient.io/agent-version");
            }
        }

        return copy;
    }
}
