using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Serialization;
using Ambient.Llm;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Health;
using Ambient.Runtime.Limits;
using Ambient.Runtime.Runs;
using Ambient.Runtime.Tools;
using Ambient.Testing;
using Ambient.Testing.Runs;
using Ambient.Worker.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Runtime.Tests.Health;

/// <summary>One probe through an agent's runner: the offline model answers it through a rule, a wrong answer fails it, and a spent budget skips it.</summary>
public sealed class SemanticProbeRunnerTests
{
    private const string Probe = """
        healthProbe:
          type: semantic
          prompt: "Reply with exactly one word: HEALTHY"
          expect: "^HEALTHY$"
        """;

    [Fact]
    public async Task OfflineModel_AnswersTheProbeThroughARule_AndTheCallCountsAgainstTheBudget()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([]) + "\n" + Probe + """

            offline:
              rules:
                - name: probe
                  when: {types: [io.ambient.health.probe]}
                  reply: HEALTHY
            """);
        var budget = new TokenBudget(harness.Time);
        var runner = Runner(harness, budget);

        var result = await runner.ProbeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new ProbeResult(true, "answered as expected"), result);
        budget.Record(harness.Agent.Name, harness.Agent.Limits.MaxTokensPerDay);
        Assert.True(budget.IsSpent(harness.Agent.Name));
        // Spent: the probe is not asked (and is not a failure); the budget's wait holds the agent anyway.
        Assert.Null(await runner.ProbeAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WrongAnswer_FailsTheProbeSayingWhatCameBack()
    {
        var harness = new RunHarness(RunHarness.AgentYaml([]) + "\n" + Probe);
        harness.Model.Answer("I am fine, thank you for asking!");

        var result = await harness.Runner.ProbeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new ProbeResult(false, "answered 'I am fine, thank you for asking!', which does not match ^HEALTHY$"), result);
        Assert.Equal("Reply with exactly one word: HEALTHY", Assert.Single(harness.Model.Requests).Turns.Single().Content);
    }

    private static AgentRunner Runner(RunHarness harness, TokenBudget budget) => AgentRunner.Create(harness.Agent,
        new ChatModelFactory().Create(harness.Agent.Model, harness.Agent.OfflineRules), new AgentToolbox(harness.Agent, new ToolRegistry([])), harness.Publisher,
        Records(), harness.Topics.ForRuns(), budget, harness.Log, new CheckpointOptions(), harness.Time, NullLoggerFactory.Instance);

    private static RecordFactory Records() => new(
        AmbientRecordReader.Services.GetRequiredService<IRecordCodec<ActionRecord>>(), AmbientRecordReader.Services.GetRequiredService<IRecordCodec<AuditRecord>>());
}
