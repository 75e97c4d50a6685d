using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>The console in a real browser: signing in from the keyboard, and a new run appearing in the open run list without a reload.</summary>
public sealed class LiveRunListBrowserTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedInFromTheKeyboard_ANewRunAppearsInTheOpenListWithoutAReload()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync();
        var navigations = 0;

        await page.GotoAsync(new Uri(console.Address, "/runs").ToString());
        var signInUrl = page.Url;
        // The labelled field, filled and submitted with Enter.
        await page.GetByLabel("Console token").FillAsync(ConsoleHarness.Token);
        await page.Keyboard.PressAsync("Enter");
        // Commit, not load: the page's event stream stays open, and whether it holds the load event is the browser's business.
        await page.WaitForURLAsync(new Uri(console.Address, "/runs").ToString(), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live: new runs appear as they happen.");
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        var now = TimeProvider.System.GetUtcNow();
        var head = new RunHead("github-triage-00000000cafe0003", "github-triage", "v1", new RunInput("ambient.events.github", 2, 11, "evt-3", "com.github.issues.opened"),
            1, "act", "running", now, now);
        using var producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        await producer.ProduceAsync(new TopicPartition(console.Topics.Checkpoints, 2),
            new Message<string, byte[]?> { Key = head.RunId, Value = await console.App.Services.GetRequiredService<IRecordCodec<RunHead>>().EncodeAsync(head, Cancellation) }, Cancellation);
        var row = page.Locator($"tr[data-run='{head.RunId}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = (float)Eventually.Limit.TotalMilliseconds });

        Assert.StartsWith(new Uri(console.Address, "/signin").ToString(), signInUrl, StringComparison.Ordinal);
        Assert.Equal(["github-triage-00000000cafe0003", "github-triage", "running", "1 act"], (await row.Locator("td").AllInnerTextsAsync()).Take(4));
        Assert.Equal(0, navigations);
    }
}
