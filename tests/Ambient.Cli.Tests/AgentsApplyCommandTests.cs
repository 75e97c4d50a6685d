using Ambient.Testing;
using Ambient.Testing.Kubernetes;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient agents apply</c> against the suite's fake API server over real HTTP: the sample agent files become Agent
/// resources by server-side apply; an invalid file applies nothing; a refusing API server is an error naming the Agent.
/// </summary>
public sealed class AgentsApplyCommandTests
{
    private const string Agents = "/apis/ambient.io/v1alpha1/namespaces/team-a/agents";

    [Fact]
    public async Task Apply_SampleAgents_EachBecomesAnAgentByServerSideApply()
    {
        await using var api = await FakeKubernetesApi.StartAsync();

        using var ambient = AmbientProcess.Start(AppContext.BaseDirectory, "\0never", "agents", "apply", "-f", "agents", "-n", "team-a", "--server", api.Url);
        var exit = await ambient.WaitForExitAsync();

        Assert.True(exit == 0, ambient.Output);
        var names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "agents"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(names, api.List(Agents).Select(a => (string)a["metadata"]!["name"]!));
        var triage = api.Get($"{Agents}/github-triage")!;
        Assert.Equal(("ambient.io/v1alpha1", "Agent", "team-dev-experience"), ((string?)triage["apiVersion"], (string?)triage["kind"], (string?)triage["spec"]!["owner"]));
        Assert.All(api.Requests.Where(r => r.Method == "PATCH"), r =>
        {
            Assert.Equal("application/apply-patch+yaml", r.MediaType);
            Assert.Equal(("ambient-cli", "true"), (r.Query["fieldManager"].ToString(), r.Query["force"].ToString()));
        });
    }

    [Fact]
    public async Task Apply_OneInvalidFile_AppliesNothingAndExits6()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var directory = TestDirectories.Create("apply-agents");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "agents", "github-triage.yaml"), Path.Combine(directory, "github-triage.yaml"));
        await File.WriteAllTextAsync(Path.Combine(directory, "broken.yaml"), "name: broken\nowner: team\nsubscriptions: [{topic: custom}]\n", TestContext.Current.CancellationToken);

        using var ambient = AmbientProcess.Start(AppContext.BaseDirectory, "\0never", "agents", "apply", "-f", directory, "--server", api.Url);
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(6, exit);
        Assert.Contains("broken.yaml", ambient.Output, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Apply_APIServerRefuses_ExitsNamingTheAgent()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.FailWith(403);

        using var ambient = AmbientProcess.Start(AppContext.BaseDirectory, "\0never", "agents", "apply", "-f", Path.Combine("agents", "github-triage.yaml"), "--server", api.Url);
        var exit = await ambient.WaitForExitAsync();

        Assert.Equal(8, exit);
        Assert.Contains("Agent ambient/github-triage was not applied: 403", ambient.Output, StringComparison.Ordinal);
    }
}
