using Ambient.Runtime.Runs;
using Ambient.Testing;
using Ambient.Testing.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Supervising a real worker from a real browser: a published issue's run appears in the open run list without a
/// reload; /agents shows its inventory from its Agent Card; pausing it there (keyboard and labelled controls) closes the worker's gate, and resuming opens it.
/// </summary>
public sealed class PauseBrowserTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedIssue_AppearsLive_ThenPausingItsAgentFromTheBrowserPausesTheWorker()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        await using var worker = await TriageWorker.StartAsync(kafka, console.Topics);
        var gate = worker.Host.Services.GetRequiredService<IRunGate>();
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync();
        await console.SignInAsync(page, "/runs");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live: new runs appear as they happen.");

        await TriageWorker.PublishIssueAsync(kafka, console.Topics, Cancellation);
        var run = page.Locator("#runs tbody tr", new() { HasText = "github-triage" });
        await Assertions.Expect(run.First).ToBeVisibleAsync(new() { Timeout = (float)Eventually.Limit.TotalMilliseconds });
        await page.GetByRole(AriaRole.Link, new() { Name = "Agents" }).ClickAsync();
        // The inventory is the worker's Agent Card, read from the cards topic.
        await Assertions.Expect(page.Locator("tr[data-agent='github-triage']")).ToContainTextAsync("team-dev-experience");
        await page.Locator("details[data-inventory='github-triage'] summary").ClickAsync();
        await Assertions.Expect(page.Locator("details[data-inventory='github-triage']")).ToContainTextAsync("github.add_labels (effect, green)");
        await page.GetByLabel("Reason to pause github-triage").FillAsync("Checking its labels");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause github-triage" }).ClickAsync();
        var state = page.Locator("tr[data-agent='github-triage'] td").First;
        await Assertions.Expect(state).ToContainTextAsync("paused by console:operator-token");
        await Assertions.Expect(state).ToContainTextAsync("Checking its labels");
        await Eventually.UntilAsync(() => gate.IsClosed("github-triage"), Cancellation);
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume github-triage" }).ClickAsync();
        await Eventually.UntilAsync(() => !gate.IsClosed("github-triage"), Cancellation);

        await Assertions.Expect(page.Locator("tr[data-agent='github-triage'] td").First).ToHaveTextAsync("running");
    }
}
