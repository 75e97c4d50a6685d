using Ambient.Abstractions.Audit;
using Ambient.Testing;

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// An agent's MCP server that dies in the middle of a call, or never answers one: the call fails with an error the model
/// reads, the run still finishes, and the worker goes on with the next event.
/// </summary>
public sealed class McpRobustnessTests(KafkaFixture kafka) : IDisposable
{
    private const string Namespace = "shop";
    private const string Pod = "checkout-7c9f8d6b5-x2x9q";

    private readonly McpTestServer _server = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_McpServerCrashesMidCall_ToolTurnIsAnErrorNamingTheServerAndTheWorkerGoesOn()
    {
        var (broken, next) = await RunBrokenThenNextAsync("crash");

        Assert.StartsWith("Error: ", broken.Content, StringComparison.Ordinal);
        Assert.Contains("MCP server 'runbooks'", broken.Content, StringComparison.Ordinal);
        Assert.Equal("runbooks.lookup_runbook", next.Tool);
        Assert.Equal("crash", _server.Calls()[0]);
    }

    [Fact]
    public async Task Run_McpServerHangs_ToolTurnIsAnErrorNamingTheTimeoutAndTheWorkerGoesOn()
    {
        var (broken, next) = await RunBrokenThenNextAsync("hang");

        Assert.StartsWith("Error: ", broken.Content, StringComparison.Ordinal);
        Assert.Contains("did not answer", broken.Content, StringComparison.Ordinal);
        Assert.Contains("within 2 s", broken.Content, StringComparison.Ordinal);
        Assert.Equal("runbooks.lookup_runbook", next.Tool);
        Assert.Equal("hang", _server.Calls()[0]);
    }

    public void Dispose() => _server.Dispose();

    /// <summary>
    /// Runs an event whose rule calls the <paramref name="tool"/> of the test server (listed as a read), then an event
    /// whose rule reads a runbook from the same server; returns the tool turn of each, once both runs completed.
    /// </summary>
    private async Task<(ToolTurn Broken, ToolTurn Next)> RunBrokenThenNextAsync(string tool)
    {
        var agent = $$$"""
            name: mcp-{{{tool}}}
            owner: team-test
            subscriptions:
              - topic: cluster
                types: [io.k8s.event.*]
            model:
              provider: offline
            systemPrompt: You read runbooks.
            tools: [runbooks.{{{tool}}}, runbooks.lookup_runbook]
            limits:
              toolTimeoutSeconds: 2
            offline:
              rules:
                - name: broken
                  when:
                    types: [io.k8s.event.*]
                    fields:
                      - path: $.reason
                        equals: Broken
                  calls:
                    - tool: runbooks.{{{tool}}}
                      arguments: {}
                  reply: "Tried the {{{tool}}} tool."
                - name: runbook
                  when:
                    types: [io.k8s.event.*]
                  calls:
                    - tool: runbooks.lookup_runbook
                      arguments:
                        alert: "{{ $.reason }}"
                  reply: "Read the {{ $.reason }} runbook."
            {{{_server.Yaml("runbooks", $"{tool}: read, lookup_runbook: read")}}}
            """;
        await using var harness = await WorkerHarness.CreateAsync(kafka, ($"mcp-{tool}.yaml", agent));
        await harness.StartWorkerAsync();
        var broken = ToolRuns.PodWarning(Namespace, Pod, "Broken");
        var next = ToolRuns.PodWarning(Namespace, Pod, "BackOff");

        // One key, so one partition: the second event waits for the first run.
        await ToolRuns.PublishAsync(kafka, harness, Namespace, broken, next);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();

        Assert.Equal([broken.Id, next.Id], audits.Select(a => a.EventId));
        Assert.All(audits, a => Assert.Equal(RunOutcomes.Completed, a.Outcome));
        var brokenTurn = Assert.Single(ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audits[0].RunId)));
        Assert.Equal(($"runbooks.{tool}", true), (brokenTurn.Tool, brokenTurn.Read));
        return (brokenTurn, Assert.Single(ToolRuns.ToolTurns(ToolRuns.Act(kafka, harness, audits[1].RunId))));
    }
}
