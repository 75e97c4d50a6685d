using Ambient.Abstractions.Processing;
using Ambient.Testing.Runs;
using static Ambient.Runtime.Tests.Runs.RunChecks;

namespace Ambient.Runtime.Tests.Runs;

/// <summary>
/// What tools return is masked before the model reads it and before it is checkpointed: a read's result, and a tool's
/// error, which can quote a URL or a header with a credential in it. The audit counts the masks.
/// </summary>
public sealed class MaskedResultTests
{
    private const string Lookup = "ops.lookup";
    private const string SlackToken = "xoxb-1234567890-abcdefghijklmnop";

    [Fact]
    public async Task ReadResultAndToolError_WithCredentials_AreMaskedForTheModelTheCheckpointsAndCountedInTheAudit()
    {
        var calls = 0;
        var lookup = ScriptedTool.Read(Lookup, call => ++calls == 1
            ? $"config of {call.Arguments.GetOptionalString("query")}: SLACK_BOT_TOKEN={SlackToken}"
            : throw new InvalidOperationException($"GET https://api.example.test/?access_token=abcdef123456 failed"));
        var harness = new RunHarness(RunHarness.AgentYaml([Lookup]), [lookup]);
        var input = RunHarness.Event();
        harness.Model.CallTools((Lookup, new { query = "bot" }), (Lookup, new { query = "api" })).Answer("Looked.");

        Assert.Equal(ProcessingResult.Completed, await harness.ProcessAsync(input));

        var read = ToolTurn(harness.Model.Requests[1], "call-1-0").Content;
        var error = ToolTurn(harness.Model.Requests[1], "call-1-1").Content;
        Assert.StartsWith("config of bot: SLACK_BOT_TOKEN=[masked slack-token ", read, StringComparison.Ordinal);
        Assert.Contains("access_token=[masked secret-pair ", error, StringComparison.Ordinal);
        var steps = await StepsAsync(harness, input);
        var stored = string.Join('\n', steps.Select(s => s.State.ToString()));
        Assert.DoesNotContain(SlackToken, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef123456", stored, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(harness.Audits).SecretsMasked);
    }
}
