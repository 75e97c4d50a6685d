using Ambient.Governance.Approvals;
using Ambient.Testing;
using Ambient.Testing.Workers;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Approving from a real browser: a real worker's run parks on a policy's approval; the request shows on /approvals
/// with its context; the signed-in user approves it with a reason; the run goes on and its detail page shows the steps
/// and the approved action; the answer and the audit name the user.
/// </summary>
public sealed class ApprovalBrowserTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ParkedApproval_ApprovedFromTheBrowser_ItsActionThenAppearsOnTheRunsPage()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        using (var governance = new TestGovernance(kafka.BootstrapServers, console.Topics.Policy))
        {
            await governance.ApplyAsync(ConsolePolicies.PlansNeedAMaintainer("alice"));
        }

        await using var worker = await TriageWorker.StartAsync(kafka, console.Topics);
        using var approvals = new TestApprovals(kafka.BootstrapServers, console.Topics.Approvals);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync();
        await console.SignInAsync(page, "/approvals", name: "alice");

        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        var card = page.Locator($"article[data-approval='{request.Id}']");
        await Browser.ReloadUntilAsync(page, card);
        await Assertions.Expect(card).ToContainTextAsync("github-triage wants github.propose_pull_request_plan");
        await Assertions.Expect(card).ToContainTextAsync("A maintainer decides on pull request plans.");
        await page.GetByLabel($"Reason for {request.Id}").FillAsync("The plan is small");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {request.Id}" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#history tr[data-approval='{request.Id}']")).ToContainTextAsync("approved");
        var answered = (await approvals.WaitForAsync(r => r.Id == request.Id && !r.IsPending)).Single();
        await page.GetByRole(AriaRole.Link, new() { Name = request.Id }).ClickAsync();
        await Browser.ReloadUntilAsync(page, page.Locator("li[data-action]", new() { HasText = "github propose_pull_request_plan" }));

        Assert.Equal((ApprovalStatus.Approved, "alice", "console", "The plan is small", false), (answered.Status, answered.AnsweredBy, answered.AnsweredVia, answered.AnswerReason, answered.Override));
        await Assertions.Expect(page.Locator("#steps")).ToContainTextAsync("finish");
        await Assertions.Expect(page.Locator("li[data-action]", new() { HasText = "github add_labels" })).ToBeVisibleAsync();
    }
}
