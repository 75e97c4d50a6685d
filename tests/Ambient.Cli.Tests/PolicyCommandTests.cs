using System.Text.Json;
using Ambient.Testing;

namespace Ambient.Cli.Tests;

/// <summary>
/// <c>ambient policy</c> as an operator runs it against the embedded broker: apply puts policies in force on the
/// governance topic, list shows them, test explains a decision from files or from the topic, and a bad file is
/// refused naming its line before anything is written.
/// </summary>
public sealed class PolicyCommandTests
{
    private const string Freeze = """
        name: freeze
        rules:
          - name: no-prod-restarts
            match:
              tools: [kubernetes.restart_workload]
              arguments: [{path: $.namespace, regex: "^prod"}]
            decision: deny
            reason: "Production is frozen."
        """;

    [Fact]
    public async Task ApplyListTest_AgainstTheTopic_ExplainTheDecisionOfThePolicyInForce()
    {
        var directory = TestDirectories.Create("cli-policy");
        await using var broker = await EmbeddedBrokers.StartAsync(directory);
        await TopicsCommandTests.RunAsync(directory, "topics", "init", "--bootstrap", broker.BootstrapServers);
        var policy = Path.Combine(directory, "freeze.yaml");
        await File.WriteAllTextAsync(policy, Freeze, TestContext.Current.CancellationToken);
        var action = Path.Combine(directory, "restart.json");
        await File.WriteAllTextAsync(action, """{"agent": "incident-responder", "target": "kubernetes", "operation": "restart_workload", "arguments": {"namespace": "prod-eu", "name": "checkout"}}""",
            TestContext.Current.CancellationToken);

        var (applyExit, applied) = await TopicsCommandTests.RunAsync(directory, "policy", "apply", "-f", policy, "--bootstrap", broker.BootstrapServers);
        var (listExit, listed) = await TopicsCommandTests.RunAsync(directory, "policy", "list", "--json", "--bootstrap", broker.BootstrapServers);
        var (testExit, explained) = await TopicsCommandTests.RunAsync(directory, "policy", "test", "--action", action, "--bootstrap", broker.BootstrapServers);

        Assert.Equal((0, 0, 0), (applyExit, listExit, testExit));
        Assert.Contains("applied policy freeze (1 rules, default allow)", applied, StringComparison.Ordinal);
        using var list = JsonDocument.Parse(listed);
        Assert.Equal("freeze", Assert.Single(list.RootElement.EnumerateArray()).GetProperty("name").GetString());
        Assert.StartsWith("deny: Production is frozen.", explained, StringComparison.Ordinal);
        Assert.Contains("freeze/no-prod-restarts", explained, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_FromFilesWithoutABroker_ExplainsWhyARuleDidNotMatch()
    {
        var directory = TestDirectories.Create("cli-policy-files");
        var policy = Path.Combine(directory, "freeze.yaml");
        await File.WriteAllTextAsync(policy, Freeze, TestContext.Current.CancellationToken);
        var action = Path.Combine(directory, "restart.json");
        await File.WriteAllTextAsync(action, """{"agent": "incident-responder", "tool": "kubernetes.restart_workload", "arguments": {"namespace": "staging"}}""",
            TestContext.Current.CancellationToken);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "policy", "test", "-f", policy, "--action", action, "--json");

        Assert.Equal(0, exit);
        using var decision = JsonDocument.Parse(output);
        Assert.Equal("allow", decision.RootElement.GetProperty("decision").GetString());
        Assert.Contains(decision.RootElement.GetProperty("explanation").EnumerateArray(), line => line.GetString()!.Contains("staging", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_AnInvalidFile_IsRefusedNamingItsLineAndNothingIsWritten()
    {
        var directory = TestDirectories.Create("cli-policy-bad");
        var policy = Path.Combine(directory, "bad.yaml");
        await File.WriteAllTextAsync(policy, "name: bad\nrules:\n  - name: r\n    decision: maybe\n", TestContext.Current.CancellationToken);

        var (exit, output) = await TopicsCommandTests.RunAsync(directory, "policy", "apply", "-f", policy, "--bootstrap", "127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Contains($"{policy}:4:", output, StringComparison.Ordinal);
    }
}
