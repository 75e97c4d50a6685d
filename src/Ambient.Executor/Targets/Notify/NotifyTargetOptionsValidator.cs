using System.Text.RegularExpressions;
using Ambient.Executor.Targets.GitHub;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Notify;

/// <summary>
/// Fails the executor at start on a sink that can never work, naming its full key. A sink's key is its position in
/// the list, which is the configured index when the sinks are numbered from 0 without gaps.
/// </summary>
internal sealed partial class NotifyTargetOptionsValidator : IValidateOptions<NotifyTargetOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyTargetOptions options)
    {
        List<string> failures = [];
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{NotifyTargetOptions.SectionName}:Timeout must be positive, not {options.Timeout}.");
        }

        for (var index = 0; index < options.Sinks.Count; index++)
        {
            var sink = options.Sinks[index];
            var key = $"{NotifyTargetOptions.SectionName}:Sinks:{index}";
            switch (sink.Kind)
            {
                case NotifySinkOptions.SlackKind when sink.Channel is null || !ChannelId().IsMatch(sink.Channel):
                    failures.Add($"{key}:Channel must be a Slack channel id such as C0123ABC, not '{sink.Channel}'.");
                    break;
                case NotifySinkOptions.GitHubIssueKind when sink.Repository is null || !GitHubRepositoryName.TryParse(sink.Repository, out _):
                    failures.Add($"{key}:Repository must be a GitHub repository as owner/name, not '{sink.Repository}'.");
                    break;
                case NotifySinkOptions.WebhookKind when WebhookAddress(sink.Url) is null:
                    failures.Add($"{key}:Url must be an absolute http(s) URL, not '{sink.Url}'.");
                    break;
                case NotifySinkOptions.SlackKind or NotifySinkOptions.GitHubIssueKind or NotifySinkOptions.WebhookKind:
                    break;
                default:
                    failures.Add($"{key}:Kind must be {NotifySinkOptions.SlackKind}, {NotifySinkOptions.GitHubIssueKind} or {NotifySinkOptions.WebhookKind}, not '{sink.Kind}'.");
                    break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The webhook's address when it is an absolute http(s) URL; null otherwise.</summary>
    public static Uri? WebhookAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" ? address : null;

    // Public, private and DM channel ids: a letter and upper-case letters and digits, nothing that could reach another path.
    [GeneratedRegex("^[CGD][A-Z0-9]{2,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelId();
}
