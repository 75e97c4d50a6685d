using Ambient.Governance.State;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Signing in through an OpenID Connect provider in a real browser: a member of an operator group acts as themselves
/// (the pause names them); a member of no listed group is refused and stays signed out; the tokens still work beside it.
/// </summary>
public sealed class OidcSignInBrowserTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProviderSignIn_AnOperatorGroupActsAsThemselves_AStrangerIsRefused()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        await using var console = await ConsoleHarness.StartAsync(kafka,
            ("Ambient:Console:Oidc:Authority", provider.Issuer), ("Ambient:Console:Oidc:ClientId", FakeIdentityProvider.ClientId),
            ("Ambient:Console:Oidc:ClientSecret", FakeIdentityProvider.ClientSecret), ("Ambient:Console:Oidc:DisplayName", "Acme SSO"),
            ("Ambient:Console:Oidc:OperatorGroups:0", "sre"), ("Ambient:Console:Oidc:ViewerGroups:0", "engineering"), ("Ambient:Console:Oidc:RequireHttps", "false"));
        await console.WriteHeadAsync(ConsoleHarness.RunningHead("github-triage"));
        var governance = console.App.Services.GetRequiredService<GovernanceView>();
        await using var browser = await Browser.LaunchAsync();

        var alice = await browser.Chromium.NewPageAsync();
        await alice.GotoAsync(new Uri(console.Address, "/agents").ToString());
        await alice.GetByRole(AriaRole.Link, new() { Name = "Sign in with Acme SSO" }).ClickAsync();
        try
        {
            // The first sign-in reads the provider's discovery document and keys and runs the whole handler cold: under a
            // loaded CI machine that took more than Playwright's 30 s once, so the suite's own limit applies.
            await alice.WaitForURLAsync(new Uri(console.Address, "/agents").ToString(), new() { Timeout = (float)Eventually.Limit.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The provider's sign-in did not land on /agents but on {alice.Url}:\n{await alice.Locator("main").InnerTextAsync()}");
        }

        await alice.GetByLabel("Reason to pause github-triage").FillAsync("looking into it");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Pause github-triage" }).ClickAsync();
        await Eventually.UntilAsync(() => governance.IsPaused("github-triage"), Cancellation);

        provider.User = ("mallory", ["sales"]);
        var mallory = await browser.Chromium.NewPageAsync();
        await mallory.GotoAsync(new Uri(console.Address, "/signin/oidc?returnUrl=%2Fagents").ToString());
        await Assertions.Expect(mallory.Locator("p.error")).ToHaveTextAsync("Acme SSO did not sign you in to the console.", new() { Timeout = (float)Eventually.Limit.TotalMilliseconds });
        using var script = console.Script(ConsoleHarness.Token);
        using var scriptPage = await script.GetAsync("/agents", Cancellation);

        Assert.Equal("console:alice", governance.State.Current.PauseOf("github-triage")?.By);
        Assert.StartsWith(new Uri(console.Address, "/signin").ToString(), mallory.Url, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, scriptPage.StatusCode);
    }
}
