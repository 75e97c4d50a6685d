using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient operator render</c> refuses an invalid Agent naming the field, and then prints nothing at all on stdout, even
/// for the valid agents rendered with it: a GitOps pipeline never commits half a set.
/// </summary>
public sealed class OperatorRenderCommandTests
{
    private const string Valid = """
        apiVersion: ambient.io/v1alpha1
        kind: Agent
        metadata: {name: echo}
        spec:
          owner: team-sre
          subscriptions: [{topic: custom}]
          systemPrompt: Say what you were given.
        """;

    [Theory]
    [InlineData("replicas: {min: 3, max: 1}", "spec.replicas: min (3) must not be greater than max (1)")]
    [InlineData("scaling: {lagTreshold: 5}", "spec.scaling.lagTreshold: unknown field")]
    [InlineData("modle: {provider: offline}", "modle")]
    [InlineData("tools: [github.no_such_tool]", "unknown tool 'github.no_such_tool'")]
    public async Task Render_InvalidAgentAmongValidOnes_ExitsSixNamingTheFieldAndPrintsNothing(string field, string error)
    {
        var directory = TestDirectories.Create("cli-operator-render");
        var invalid = Valid.Replace("name: echo", "name: broken", StringComparison.Ordinal) + "\n  " + field + "\n";
        await File.WriteAllTextAsync(Path.Combine(directory, "a-valid.yaml"), Valid, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "b-broken.yaml"), invalid, TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "operator", "render", "-f", "a-valid.yaml", "-f", "b-broken.yaml");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(6, exit);
        Assert.Contains(error, ambient.Output, StringComparison.Ordinal);
        Assert.Contains("b-broken.yaml", ambient.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ambient.StandardOutput);
    }

    [Fact]
    public async Task Render_ValidAgentAndAMissingFile_ExitsTwoAndPrintsNothing()
    {
        var directory = TestDirectories.Create("cli-operator-missing");
        await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), Valid, TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "operator", "render", "-f", "echo.yaml", "-f", "nowhere.yaml");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(2, exit);
        Assert.Contains("error: nowhere.yaml does not exist.", ambient.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ambient.StandardOutput);
    }

    [Fact]
    public async Task Render_OneAgent_PrintsItsEightResourcesOwnedByIt()
    {
        var directory = TestDirectories.Create("cli-operator-one");
        await File.WriteAllTextAsync(Path.Combine(directory, "echo.yaml"), Valid.Replace("{name: echo}", "{name: echo, uid: 6f1c0c2e-1111-4222-8333-944455556666}", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(directory, "\0never", "operator", "render", "-f", "echo.yaml");
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(0, exit);
        Assert.Equal(8, ambient.StandardOutput.Split("\n---\n").Length);
        Assert.Equal(8, ambient.StandardOutput.Split("uid: 6f1c0c2e-1111-4222-8333-944455556666").Length - 1);
        Assert.Contains("name: ambient.a2a.echo", ambient.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("8 resources for 1 agents (echo).", ambient.Output, StringComparison.Ordinal);
    }
}
