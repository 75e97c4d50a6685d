using Ambient.Executor.Targets.GitHub;
using Ambient.Executor.Targets.Slack;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Notify;

/// <summary>The sinks configured now, built from <see cref="NotifyTargetOptions"/> at each call so a reload takes effect.</summary>
internal sealed class NotifySinks(
    SlackWebApi slack, SlackMessageFinder finder, NotifyHttp http, IOptionsMonitor<NotifyTargetOptions> options, IOptionsMonitor<GitHubTargetOptions> github)
{
    public IReadOnlyList<INotifySink> Current() => [.. options.CurrentValue.Sinks.Select(Create)];

    // The options were validated when they were read: every kind here is known and its settings well-formed.
    private INotifySink Create(NotifySinkOptions sink) => sink.Kind switch
    {
        NotifySinkOptions.SlackKind => new SlackSink(slack, finder, sink.Channel!),
        NotifySinkOptions.GitHubIssueKind when GitHubRepositoryName.TryParse(sink.Repository!, out var repository) =>
            new GitHubIssueSink(http, github.CurrentValue, repository),
        NotifySinkOptions.WebhookKind when NotifyTargetOptionsValidator.WebhookAddress(sink.Url) is { } url => new WebhookSink(http, url, sink.Secret),
        _ => throw new InvalidOperationException($"unreadable notification sink '{sink.Kind}'"),
    };
}
