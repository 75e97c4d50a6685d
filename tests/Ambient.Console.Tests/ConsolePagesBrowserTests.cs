using Ambient.Testing;
using Ambient.Testing.Workers;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Every page of the console in a real browser over a real worker, executor and policy: each has its landmark, its
/// heading and a label for every control, and the skip link comes first in the keyboard's order; the run's page shows
/// the executor's outcome of its actions. Each page is photographed; with <c>AMBIENT_CONSOLE_SCREENSHOTS=DIR</c> the
/// pictures are kept there (docs/console.md shows them).
/// </summary>
public sealed class ConsolePagesBrowserTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryPage_IsLabelledAndReachableFromTheKeyboard_AndTheRunShowsWhatTheExecutorDid()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka, ("Ambient:Console:LagInterval", "00:00:01"),
            ("Ambient:Console:TraceUrl", "http://jaeger.internal:16686/trace/{traceId}"));
        using (var governance = new TestGovernance(kafka.BootstrapServers, console.Topics.Policy))
        {
            await governance.ApplyAsync(ConsolePolicies.PlansNeedAMaintainer("alice"));
        }

        await using var worker = await TriageWorker.StartAsync(kafka, console.Topics);
        await using var executor = await SupervisedExecutor.StartAsync(kafka, console.Topics);
        using var approvals = new TestApprovals(kafka.BootstrapServers, console.Topics.Approvals);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await console.SignInAsync(page, "/approvals", name: "alice");
        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        var request = (await approvals.WaitForAsync(_ => true)).Single();

        await Browser.ReloadUntilAsync(page, page.Locator($"article[data-approval='{request.Id}']"));
        await CheckAndPhotographAsync(page, "approvals");
        await page.GotoAsync(new Uri(console.Address, "/policies?agent=github-triage&tool=github.propose_pull_request_plan#explain").ToString());
        await Assertions.Expect(page.Locator("#decision")).ToContainTextAsync("approve: A maintainer decides on pull request plans.");
        await CheckAndPhotographAsync(page, "policies");
        await page.GotoAsync(new Uri(console.Address, "/approvals").ToString());
        await page.GetByLabel($"Reason for {request.Id}").FillAsync("The plan is small");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve {request.Id}" }).ClickAsync();
        await page.GotoAsync(new Uri(console.Address, $"/runs/{request.RunId}").ToString());
        await Browser.ReloadUntilAsync(page, page.Locator("li[data-action]", new() { HasText = "github propose_pull_request_plan" }).Filter(new() { HasText = "skipped" }));
        await Assertions.Expect(page.Locator("a", new() { HasText = TriageWorker.TraceId })).ToHaveAttributeAsync("href", $"http://jaeger.internal:16686/trace/{TriageWorker.TraceId}");
        await CheckAndPhotographAsync(page, "run");
        await page.GotoAsync(new Uri(console.Address, "/runs").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live: new runs appear as they happen.");
        await CheckAndPhotographAsync(page, "runs");
        await page.GotoAsync(new Uri(console.Address, "/agents").ToString());
        await Assertions.Expect(page.Locator("tr[data-agent='github-triage']")).ToContainTextAsync("team-dev-experience");
        await page.Locator("details[data-inventory='github-triage'] summary").ClickAsync();
        await CheckAndPhotographAsync(page, "agents");
        await Browser.ReloadUntilAsync(page, page.Locator("#lag-chart polyline"), "/");
        await CheckAndPhotographAsync(page, "overview");
    }

    // One main heading, a label for every control, and the skip link first in the keyboard's order.
    private static async Task CheckAndPhotographAsync(IPage page, string name)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter(control => !(control.labels?.length) && !control.getAttribute('aria-label') && !control.textContent.trim())
              .map(control => control.outerHTML)
            """);
        Assert.True(unlabelled.Length == 0, $"{name}: controls without a label: {string.Join(", ", unlabelled)}");
        await Assertions.Expect(page.Locator("main h1")).ToHaveCountAsync(1);
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.querySelector('a[href], button, input:not([type=hidden]), select, textarea').textContent"));
        if (Environment.GetEnvironmentVariable("AMBIENT_CONSOLE_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
        }
        else
        {
            Assert.NotEmpty(await page.ScreenshotAsync(new() { FullPage = true }));
        }
    }
}
