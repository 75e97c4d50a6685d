namespace Ambient.Gateway.Configuration;

/// <summary>
/// <c>Ambient:Gateway:PublishTokens:&lt;name&gt;</c>: one producer's bearer token for <c>/v1/events</c> (and <c>/a2a</c>) and
/// the topics it may publish to. Its events carry <c>ambient-ingress: publish:&lt;name&gt;</c>, so agents can tell them
/// from verified webhooks, and their de-duplication is their own.
/// </summary>
public sealed class PublishTokenOptions
{
    /// <summary>The bearer token.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding <see cref="Token"/> (a mounted Kubernetes secret).</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// Topics this token may publish to; empty: the custom events topic (<c>Ambient:Topics:CustomEvents</c>). The topics
    /// of verified sources (GitHub, Slack, cluster) are refused unless listed here by name.
    /// </summary>
    public string[] Topics { get; set; } = [];
}
