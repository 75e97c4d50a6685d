using Ambient.Executor.Targets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Executor.Tests.Notify;

/// <summary>The notify target as the executor gets it: registered by AddAmbientNotifyTarget from configuration.</summary>
internal sealed class NotifyTargetHost : IDisposable
{
    public const string BotToken = "xoxb-notify-test";
    public const string GitHubToken = "ghp_notifytest";

    private readonly ServiceProvider _services;

    /// <param name="settings">Keys under <c>Ambient:Executors:</c>, e.g. <c>Notify:Sinks:0:Kind</c>.</param>
    public NotifyTargetHost(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Ambient:Executors:Slack:BotToken"] = BotToken,
            ["Ambient:Executors:GitHub:Token"] = GitHubToken,
        };
        foreach (var (key, value) in settings)
        {
            all["Ambient:Executors:" + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        _services = new ServiceCollection().AddAmbientNotifyTarget(configuration).BuildServiceProvider(validateScopes: true);
        Target = _services.GetServices<IActionTarget>().Single(target => target.Name == "email");
    }

    public IActionTarget Target { get; }

    public IServiceProvider Services => _services;

    public static (string, string)[] SlackSink(int index, string slackApiUrl, string channel = "C0123ABC") =>
        [("Slack:BaseUrl", slackApiUrl), ($"Notify:Sinks:{index}:Kind", "slack"), ($"Notify:Sinks:{index}:Channel", channel)];

    public static (string, string)[] GitHubSink(int index, string gitHubUrl, string repository = "octo/ops") =>
        [("GitHub:BaseUrl", gitHubUrl), ($"Notify:Sinks:{index}:Kind", "github-issue"), ($"Notify:Sinks:{index}:Repository", repository)];

    public static (string, string)[] WebhookSink(int index, string url, string? secret = null) =>
        secret is null
            ? [($"Notify:Sinks:{index}:Kind", "webhook"), ($"Notify:Sinks:{index}:Url", url)]
            : [($"Notify:Sinks:{index}:Kind", "webhook"), ($"Notify:Sinks:{index}:Url", url), ($"Notify:Sinks:{index}:Secret", secret)];

    public Task<TargetOutcome> ApplyAsync(Abstractions.Actions.ActionRecord action) =>
        Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

    public Task<TargetOutcome?> FindAsync(Abstractions.Actions.ActionRecord action) =>
        Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

    public void Dispose() => _services.Dispose();
}
