namespace Ambient.Executor.Targets.Slack;

/// <summary>How the executor reaches the Slack Web API; bound from <c>Ambient:Executors:Slack</c>.</summary>
public sealed class SlackTargetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ambient:Executors:Slack";

    /// <summary>The Web API's base address, ending in <c>/api/</c> (<c>Ambient:Executors:Slack:BaseUrl</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>
    /// The bot token (<c>xoxb-…</c>) sent as <c>Authorization: Bearer</c> (<c>Ambient:Executors:Slack:BotToken</c>).
    /// Without it every Slack action fails, naming this key, while the other targets go on working.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>
    /// How long one call may take in all, the handler's own retries included (<c>Ambient:Executors:Slack:Timeout</c>);
    /// past it the action is retried later by the executor.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The channel id (<c>C…</c>) approval requests are posted to with their Approve and Deny buttons
    /// (<c>Ambient:Executors:Slack:ApprovalsChannel</c>); unset, none is posted. Posted only with Slack in <c>apply</c> mode;
    /// the bot needs <c>chat:write</c> and the channel's history scope (<c>channels:history</c>, or <c>groups:history</c> for a
    /// private channel), and must be a member of the channel.
    /// </summary>
    public string? ApprovalsChannel { get; set; }
}
