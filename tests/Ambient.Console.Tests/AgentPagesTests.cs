using System.Net;
using Ambient.Governance.State;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// Pausing from <c>/agents</c>, over real HTTP: the operator's form writes the pause on the governance topic naming the
/// console user, and the page shows it; a forged post, a viewer and a kill switch without its confirmation change nothing.
/// </summary>
public sealed class AgentPagesTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pause_FromTheOperatorsForm_IsOnTheGovernanceTopicAndShown_ThenResumed()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        await console.WriteHeadAsync(ConsoleHarness.RunningHead("github-triage"));
        var browser = await console.SignedInBrowserAsync();
        var governance = console.App.Services.GetRequiredService<GovernanceView>();

        var page = await browser.GetStringAsync("/agents", Cancellation);
        using var paused = await browser.PostAsync("/agents/github-triage/pause", ConsoleHarness.Form(page, ("reason", "Labels look wrong")), Cancellation);
        await Eventually.UntilAsync(() => governance.IsPaused("github-triage"), Cancellation);
        var recorded = governance.State.Current.PauseOf("github-triage");
        var shown = await browser.GetStringAsync("/agents", Cancellation);
        using var resumed = await browser.PostAsync("/agents/github-triage/resume", ConsoleHarness.Form(shown), Cancellation);
        await Eventually.UntilAsync(() => !governance.IsPaused("github-triage"), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(("github-triage", "Labels look wrong", "console:operator-token"), (recorded?.Agent, recorded?.Reason, recorded?.By));
        Assert.Contains("paused by console:operator-token since", shown, StringComparison.Ordinal);
        Assert.Contains(": Labels look wrong", shown, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Resume github-triage</button>", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
    }

    [Fact]
    public async Task Pause_AForgedPostAViewerOrAKillSwitchWithoutItsConfirmation_ChangeNothing()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        await console.WriteHeadAsync(ConsoleHarness.RunningHead("incident-responder"));
        var browser = await console.SignedInBrowserAsync();
        var governance = console.App.Services.GetRequiredService<GovernanceView>();
        using var viewer = console.Script(ConsoleHarness.ReadOnlyToken);

        // The session cookie rides along, the form's token does not: what another site's page could post.
        using var forged = await browser.PostAsync("/agents/incident-responder/pause", new FormUrlEncodedContent([new("reason", "forged")]), Cancellation);
        using var asViewer = await viewer.PostAsync("/agents/incident-responder/pause", new FormUrlEncodedContent([new("reason", "viewer")]), Cancellation);
        var viewerPage = await viewer.GetStringAsync("/agents", Cancellation);
        var page = await browser.GetStringAsync("/agents", Cancellation);
        using var unconfirmed = await browser.PostAsync("/agents/all/pause", ConsoleHarness.Form(page, ("reason", "no tick")), Cancellation);
        using var notAName = await browser.PostAsync("/agents/Robert');DROP/pause", ConsoleHarness.Form(page, ("reason", "x")), Cancellation);
        using var longReason = await browser.PostAsync("/agents/incident-responder/pause", ConsoleHarness.Form(page, ("reason", new string('x', 501))), Cancellation);
        // The operator's script needs no form token: another site cannot send its bearer token.
        using var script = console.Script(ConsoleHarness.Token);
        using var killSwitch = await script.PostAsync("/agents/all/pause", new FormUrlEncodedContent([new("reason", "incident"), new("confirm", "every-agent")]), Cancellation);
        await Eventually.UntilAsync(() => governance.IsPaused("any-agent"), Cancellation);
        var killed = governance.State.Current.Pauses[GovernanceKeys.AllAgents];
        // A script may post with no body at all (curl -X POST): lifting the kill switch needs nothing more.
        using var bare = await script.PostAsync("/agents/all/resume", content: null, Cancellation);
        await Eventually.UntilAsync(() => !governance.IsPaused("any-agent"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.DoesNotContain("<form method=\"post\"", viewerPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longReason.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, killSwitch.StatusCode);
        // Only the kill switch ever reached the topic: no pause of the agent itself.
        Assert.False(governance.State.Current.Pauses.ContainsKey("incident-responder"));
        Assert.Equal(("incident", "console:operator-token"), (killed.Reason, killed.By));
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
    }
}
