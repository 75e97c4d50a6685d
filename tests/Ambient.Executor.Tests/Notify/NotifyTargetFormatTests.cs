using Ambient.Abstractions.Actions;
using Ambient.Executor.Targets;
using Ambient.Executor.Targets.Notify;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Tests.Notify;

public sealed class NotifyTargetFormatTests
{
    public static TheoryData<string, object, string> Malformed => new()
    {
        { "send_email", new { to = Array.Empty<string>(), subject = "s", body = "b" }, "'to' names no recipient" },
        { "send_email", new { to = "a@example.com", subject = "s", body = "b" }, "'to' is String, not an array of strings" },
        { "send_email", new { to = new[] { "nobody" }, subject = "s", body = "b" }, "'to' starts with 'nobody', not an address" },
        { "send_email", new { to = new[] { "a@example.com" }, body = "b" }, "'subject' is missing" },
        { "send_email", new { to = new[] { "a@example.com" }, subject = " ", body = "b" }, "'subject' is empty" },
        { "incident_report", new { title = "t", severity = "info", cause = "c", impact = "i", resolution = new[] { 1 }, prevention = Array.Empty<string>() }, "'resolution' holds a Number" },
        { "incident_report", new { title = "t", severity = 3, cause = "c", impact = "i", resolution = Array.Empty<string>(), prevention = Array.Empty<string>() }, "'severity' is Number" },
        { "page_someone", new { }, "unknown operation" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedArguments_ThrowActionFormatExceptionFromEveryMethod(string operation, object arguments, string problem)
    {
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, webhook.Url));
        var action = NotifyActions.Action("run-7/5/0", operation, arguments);

        var scope = Assert.Throws<ActionFormatException>(() => host.Target.ScopeOf(action));
        Assert.Throws<ActionFormatException>(() => host.Target.Describe(action, ApplyContext.None));
        await Assert.ThrowsAsync<ActionFormatException>(() => host.ApplyAsync(action));
        await Assert.ThrowsAsync<ActionFormatException>(() => host.FindAsync(action));

        Assert.StartsWith($"email action run-7/5/0 ({operation}): ", scope.Message, StringComparison.Ordinal);
        Assert.Contains(problem, scope.Message, StringComparison.Ordinal);
        Assert.Empty(webhook.Requests);
    }

    [Fact]
    public void ScopeOf_IsTheFirstRecipientsDomainOrIncident()
    {
        using var host = new NotifyTargetHost();

        Assert.Equal("example.com", host.Target.ScopeOf(NotifyActions.SendEmail(["Ops@Example.COM", "x@other.org"], "s", "b")));
        Assert.Equal("incident", host.Target.ScopeOf(NotifyActions.IncidentReport()));
    }

    [Fact]
    public void Describe_NamesTheNotificationAndEverySink()
    {
        using var host = new NotifyTargetHost(
            [.. NotifyTargetHost.SlackSink(0, "https://slack.example/api/", "C123ABC"), .. NotifyTargetHost.GitHubSink(1, "https://api.github.com/"),
                .. NotifyTargetHost.WebhookSink(2, "https://hooks.example.com/T0/B1/s3cret")]);

        Assert.Equal(
            "notify incident_report 'db down' (critical) to slack C123ABC, github-issue octo/ops, webhook https://hooks.example.com",
            host.Target.Describe(NotifyActions.IncidentReport(), ApplyContext.None));
        Assert.Equal(
            "notify send_email 'Heads up' (to a@example.com, b@example.com) to slack C123ABC, github-issue octo/ops, webhook https://hooks.example.com",
            host.Target.Describe(NotifyActions.SendEmail(["a@example.com", "b@example.com"], "Heads up", "b"), ApplyContext.None));
    }

    [Fact]
    public void Describe_NoSinks_SaysSo()
    {
        using var host = new NotifyTargetHost();

        Assert.Equal(
            "notify incident_report 'db down' (critical) to nothing: no notification sinks configured under Ambient:Executors:Notify:Sinks",
            host.Target.Describe(NotifyActions.IncidentReport(), ApplyContext.None));
    }

    [Fact]
    public void Options_BadSinks_FailAtStartNamingEachKey()
    {
        using var host = new NotifyTargetHost(
            ("Notify:Sinks:0:Kind", "webhook"), ("Notify:Sinks:0:Url", "https://hooks.example.com/ok"),
            ("Notify:Sinks:1:Kind", "webhook"), ("Notify:Sinks:1:Url", "ftp://hooks.example.com/x"),
            ("Notify:Sinks:2:Kind", "slack"), ("Notify:Sinks:2:Channel", "#ops"),
            ("Notify:Sinks:3:Kind", "github-issue"), ("Notify:Sinks:3:Repository", "octo"),
            ("Notify:Sinks:4:Kind", "pager"),
            ("Notify:Timeout", "00:00:00"));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NotifyTargetOptions>>().Value);

        Assert.Equal(
            [
                "Ambient:Executors:Notify:Timeout must be positive, not 00:00:00.",
                "Ambient:Executors:Notify:Sinks:1:Url must be an absolute http(s) URL, not 'ftp://hooks.example.com/x'.",
                "Ambient:Executors:Notify:Sinks:2:Channel must be a Slack channel id such as C0123ABC, not '#ops'.",
                "Ambient:Executors:Notify:Sinks:3:Repository must be a GitHub repository as owner/name, not 'octo'.",
                "Ambient:Executors:Notify:Sinks:4:Kind must be slack, github-issue or webhook, not 'pager'.",
            ],
            error.Failures);
    }

    [Fact]
    public void AddAmbientNotifyTarget_Twice_RegistersOneEmailTargetBesideTheSlackTarget()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddAmbientNotifyTarget(configuration).AddAmbientNotifyTarget(configuration).AddAmbientSlackTarget(configuration)
            .BuildServiceProvider();

        Assert.Equal([ActionTargets.Email, ActionTargets.Slack], provider.GetServices<IActionTarget>().Select(target => target.Name).Order());
    }
}
