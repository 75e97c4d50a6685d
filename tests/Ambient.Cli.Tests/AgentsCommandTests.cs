using System.Text.Json;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient agents list|show</c> as an operator runs it: the sample agents' inventory under the policies in force on the
/// governance topic of the embedded broker, or under policy files, and clear errors for an unknown agent or a bad file.
/// </summary>
public sealed class AgentsCommandTests
{
    private const string ProdApproval = """
        name: prod-approval
        rules:
          - name: prod-restarts
            match:
              tools: [kubernetes.restart_workload]
              arguments: [{path: $.namespace, regex: "^prod"}]
            decision: approve
            approvers: [oncall]
          - name: no-slack-dms
            match:
              tools: [slack.reply_in_thread]
              arguments: [{path: $.channel, regex: "^D"}]
            decision: deny
        """;

    private static string SampleAgents => Path.Combine(AppContext.BaseDirectory, "agents");

    [Fact]
    public async Task List_AgainstTheTopic_EveryAgentWithOwnerAndTheRiskTierOfThePoliciesInForce()
    {
        var directory = TestDirectories.Create("cli-agents");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var policy = Path.Combine(directory, "prod-approval.yaml");
        await File.WriteAllTextAsync(policy, ProdApproval, TestContext.Current.CancellationToken);
        await TopicsCommandTests.RunAsync(directory, "policy", "apply", "-f", policy, "--bootstrap", broker.BootstrapServers);

        var (jsonExit, json) = await TopicsCommandTests.RunAsync(directory, "agents", "list", "--agents", SampleAgents, "--json", "--bootstrap", broker.BootstrapServers);
        var (tableExit, table) = await TopicsCommandTests.RunAsync(directory, "agents", "list", "--agents", SampleAgents, "--bootstrap", broker.BootstrapServers);

        Assert.Equal((0, 0), (jsonExit, tableExit));
        using var list = JsonDocument.Parse(json);
        var agents = list.RootElement.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(["github-triage", "incident-responder", "slack-helper", "weekly-digest"], agents.Keys);
        Assert.Equal(("team-sre", "red"), (agents["incident-responder"].GetProperty("owner").GetString(), agents["incident-responder"].GetProperty("riskTier").GetString()));
        Assert.Equal("green", agents["github-triage"].GetProperty("riskTier").GetString());
        Assert.Equal(["slack.reply_in_thread"], agents["slack-helper"].GetProperty("canBeDenied").EnumerateArray().Select(t => t.GetString()));
        Assert.Matches(@"(?m)^incident-responder\s+team-sre\s+red\s+3 read, 3 effect\s", table);
        Assert.Matches(@"(?m)^slack-helper\s+team-support\s+green, deny\s", table);
        Assert.Contains("4 agents; zones from the policies in force on ambient.policy at", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_FromPolicyFilesWithoutABroker_EachToolsKindAndZonesWithRuleAndCondition()
    {
        var directory = TestDirectories.Create("cli-agents-files");
        Directory.CreateDirectory(Path.Combine(directory, "policies"));
        await File.WriteAllTextAsync(Path.Combine(directory, "policies", "prod-approval.yaml"), ProdApproval, TestContext.Current.CancellationToken);

        var (jsonExit, json) = await TopicsCommandTests.RunAsync(directory, "agents", "show", "incident-responder", "--agents", SampleAgents, "--policies", "policies", "--json");
        var (textExit, text) = await TopicsCommandTests.RunAsync(directory, "agents", "show", "incident-responder", "--agents", SampleAgents, "--policies", "policies");

        Assert.Equal((0, 0), (jsonExit, textExit));
        using var agent = JsonDocument.Parse(json);
        var root = agent.RootElement;
        Assert.Equal("team-sre", root.GetProperty("owner").GetString());
        Assert.Equal((800_000, 2048), (root.GetProperty("budgets").GetProperty("maxTokensPerDay").GetInt64(), root.GetProperty("budgets").GetProperty("maxTokensPerCall").GetInt32()));
        var restart = root.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "kubernetes.restart_workload");
        Assert.Equal(("effect", "red"), (restart.GetProperty("kind").GetString(), restart.GetProperty("tier").GetString()));
        Assert.Equal(["approve", "allow"], restart.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("decision").GetString()));
        Assert.Contains("  owner      team-sre", text, StringComparison.Ordinal);
        Assert.Matches(@"kubernetes\.events\s+read\s+green", text);
        Assert.Contains("approve when $.namespace matches ^prod (prod-approval/prod-restarts)", text, StringComparison.Ordinal);
        Assert.Contains("zones from the policy files in policies (policy set version", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownAgent_ExitsTwoNamingTheAgentsThereAre()
    {
        var directory = TestDirectories.Create("cli-agents-unknown");

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "agents", "show", "incident-responsder", "--agents", SampleAgents, "--policies", directory);

        Assert.Equal(2, exit);
        Assert.Contains("error: no agent named 'incident-responsder'", output, StringComparison.Ordinal);
        Assert.Contains("(it has: github-triage, incident-responder, slack-helper, weekly-digest)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AgentFileWithoutOwner_ExitsSixNamingTheFileAndTheFix()
    {
        var directory = TestDirectories.Create("cli-agents-orphan");
        Directory.CreateDirectory(Path.Combine(directory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(directory, "agents", "orphan.yaml"), "name: orphan\nsubscriptions:\n  - topic: github\nsystemPrompt: x\n",
            TestContext.Current.CancellationToken);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "agents", "list", "--policies", directory);

        Assert.Equal(6, exit);
        Assert.Contains("orphan.yaml:1:1: owner is required: add a line such as `owner: team-sre`", output, StringComparison.Ordinal);
    }
}
