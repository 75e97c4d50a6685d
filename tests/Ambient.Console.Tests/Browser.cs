using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Debian's Chromium (the <c>chromium</c> package, which <c>.ci/run</c> installs) driven by Playwright, launched by its
/// executable path: no browser download. Without it a browser test is skipped, saying what to install.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    /// <summary>Where Debian installs Chromium; <c>AMBIENT_CHROMIUM</c> names another.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("AMBIENT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Skip($"Chromium is not at {ExecutablePath} (apt-get install chromium, or set AMBIENT_CHROMIUM); this browser test did not run.");
        }

        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
        return new Browser(playwright, chromium);
    }

    /// <summary>
    /// Reloads <paramref name="page"/> (or opens <paramref name="path"/> on its site) until <paramref name="shown"/> is on
    /// it: a page shows what the console had read when it was served.
    /// </summary>
    public static Task ReloadUntilAsync(IPage page, ILocator shown, string? path = null) => Ambient.Testing.Eventually.UntilAsync(async () =>
    {
        if (path is null)
        {
            await page.ReloadAsync();
        }
        else
        {
            await page.GotoAsync(new Uri(new Uri(page.Url), path).ToString());
        }

        return await shown.CountAsync() >= 1;
    }, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
