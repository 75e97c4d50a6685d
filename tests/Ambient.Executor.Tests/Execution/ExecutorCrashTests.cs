using Ambient.Executor.Ledger;
using Ambient.Executor.Targets;
using Ambient.Testing;

namespace Ambient.Executor.Tests.Execution;

/// <summary>
/// The executor process killed (SIGKILL) after GitHub created the comment and before the executor heard back or wrote
/// the ledger's final entry: its successor finds the comment by its marker and records it, and never posts again.
/// </summary>
public sealed class ExecutorCrashTests(KafkaFixture kafka)
{
    [Fact]
    public async Task Killed_WhileGitHubsAnswerIsInFlight_TheRestartedExecutorLedgersTheCommentAndPostsNoSecond()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var github = await StatefulIssueComments.StartAsync("/repos/octo/app/issues/7/comments");
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        (string, string)[] apply = [("Ambient:Executors:GitHub:BaseUrl", github.Url), ("Ambient:Executors:GitHub:Token", "ghs_test"), ("Ambient:Executors:GitHub:Mode", "apply")];
        var action = ExecutorHarness.Action("run-k/act/0", "comment", new { repository = "octo/app", issueNumber = 7, body = "Looks like a duplicate of #3." });
        await executor.PublishAsync(action);

        await using (var doomed = executor.StartProcess(apply))
        {
            await Eventually.UntilAsync(() => github.FirstCreated.IsCompleted || doomed.HasExited, cancellation);
            Assert.True(github.FirstCreated.IsCompleted, $"The executor exited before posting the comment:\n{doomed.Output}");
            await doomed.KillAsync();
        }

        Assert.Equal([LedgerStates.Started], executor.Records(executor.Topics.ActionResults).Where(r => r.Message.Key == action.Id).Select(r => LedgerEntry.TryRead(r.Message.Value)!.State));
        await using var successor = executor.StartProcess(apply);
        var entry = await executor.FinalEntryAsync(action.Id);
        var exit = await successor.StopAsync();
        Assert.True(exit == 0, $"The restarted executor exited with {exit} when stopped:\n{successor.Output}");

        Assert.Equal(LedgerStates.Applied, entry.State);
        Assert.Equal("901", entry.ExternalId);
        Assert.Equal(1, github.Posts);
        Assert.Single(github.Bodies, body => body.EndsWith(ActionMarkers.GitHubComment(action.Id), StringComparison.Ordinal));
        Assert.Equal("io.ambient.action.applied", System.Text.Encoding.UTF8.GetString(Assert.Single(executor.Records(executor.Topics.ActionEvents)).Message.Headers.GetLastBytes("ce_type")));
    }
}
