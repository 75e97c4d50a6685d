namespace Ambient.Executor.Targets.Notify;

/// <summary>Where the executor delivers notifications (<c>email</c> actions); bound from <c>Ambient:Executors:Notify</c>.</summary>
public sealed class NotifyTargetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ambient:Executors:Notify";

    /// <summary>
    /// The sinks every notification goes to, in order (<c>Ambient:Executors:Notify:Sinks:0</c>, <c>:1</c>, …). With
    /// none, every notification fails naming this key; the other targets go on working.
    /// </summary>
    public IList<NotifySinkOptions> Sinks { get; } = [];

    /// <summary>
    /// How long one request to a <c>github-issue</c> or <c>webhook</c> sink may take, reading the answer included
    /// (<c>Ambient:Executors:Notify:Timeout</c>, 30 seconds by default); past it the action is retried. A <c>slack</c>
    /// sink goes through the Slack target's client and its <c>Ambient:Executors:Slack:Timeout</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One place a notification is delivered: <c>Ambient:Executors:Notify:Sinks:&lt;n&gt;</c>.</summary>
public sealed class NotifySinkOptions
{
    /// <summary>A Slack channel, through the Web API with <c>Ambient:Executors:Slack:BaseUrl</c> and <c>BotToken</c>.</summary>
    public const string SlackKind = "slack";

    /// <summary>A new GitHub issue, through the REST API with <c>Ambient:Executors:GitHub:BaseUrl</c> and <c>Token</c>.</summary>
    public const string GitHubIssueKind = "github-issue";

    /// <summary>A JSON POST to an HTTP endpoint, signed when a secret is set.</summary>
    public const string WebhookKind = "webhook";

    /// <summary><c>slack</c>, <c>github-issue</c> or <c>webhook</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>For <c>slack</c>: the channel id, e.g. <c>C0123ABC</c> (an id, not a #name: the history is looked up by id).</summary>
    public string? Channel { get; set; }

    /// <summary>For <c>github-issue</c>: the repository the issue is opened in, <c>owner/name</c>.</summary>
    public string? Repository { get; set; }

    /// <summary>For <c>webhook</c>: the absolute http(s) address the notification is POSTed to.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// For <c>webhook</c>, optional: the key of the <c>X-Ambient-Signature: sha256=&lt;hex&gt;</c> header, an
    /// HMAC-SHA256 of the exact body sent.
    /// </summary>
    public string? Secret { get; set; }
}
