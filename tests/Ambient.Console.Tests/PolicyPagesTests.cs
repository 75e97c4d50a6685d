using System.Net;
using Ambient.Governance.State;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Supervisor.Tests;

/// <summary>
/// <c>/policies</c> over real HTTP: a policy applied on the governance topic (as <c>ambient policy apply</c> writes it) is
/// shown with its rules, text and version; the explainer gives the decision for a call with why; bad input is refused.
/// </summary>
public sealed class PolicyPagesTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppliedPolicy_IsShownWithItsRulesAndVersion_AndTheExplainerSaysWhy()
    {
        await using var console = await ConsoleHarness.StartAsync(kafka);
        var governance = console.App.Services.GetRequiredService<GovernanceView>();
        using (var writer = new TestGovernance(kafka.BootstrapServers, console.Topics.Policy))
        {
            await writer.ApplyAsync(ConsolePolicies.PlansNeedAMaintainer("maintainers"));
        }

        await Eventually.UntilAsync(() => governance.State.Current.Policies.Documents.Count == 1, Cancellation);
        var version = governance.State.Current.Policies.Version;
        using var viewer = console.Script(ConsoleHarness.ReadOnlyToken);

        var page = await viewer.GetStringAsync("/policies", Cancellation);
        var plan = await viewer.GetStringAsync("/policies?agent=github-triage&tool=github.propose_pull_request_plan&arguments=%7B%22title%22%3A%22x%22%7D", Cancellation);
        var label = await viewer.GetStringAsync("/policies?agent=github-triage&tool=github.add_labels", Cancellation);
        using var notJson = await viewer.GetAsync("/policies?agent=github-triage&tool=github.add_labels&arguments=%7Bnope", Cancellation);
        using var badConfidence = await viewer.GetAsync("/policies?agent=github-triage&tool=github.add_labels&confidence=2", Cancellation);

        Assert.Contains($"<code id=\"policy-version\">{version}</code>", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">plans</th><td>approve</td><td>A maintainer decides on pull request plans.</td><td>maintainers</td>", page, StringComparison.Ordinal);
        Assert.Contains("expiresIn: 1h", page, StringComparison.Ordinal);
        Assert.Contains($"<td><code>{version}</code></td>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>approve</strong>: A maintainer decides on pull request plans.", plan, StringComparison.Ordinal);
        Assert.Contains("<p>Approvers maintainers; expires in 01:00:00, then deny.</p>", plan, StringComparison.Ordinal);
        Assert.Contains("<strong>allow</strong>", label, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badConfidence.StatusCode);
    }
}
