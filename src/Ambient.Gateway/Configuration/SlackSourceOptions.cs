namespace Ambient.Gateway.Configuration;

/// <summary><c>Ambient:Gateway:Slack</c>.</summary>
public sealed class SlackSourceOptions : SourceOptions
{
    /// <summary>The app's signing secret; <c>X-Slack-Signature</c> is its HMAC-SHA256 of <c>v0:timestamp:body</c>.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>A file holding <see cref="SigningSecret"/>.</summary>
    public string? SigningSecretFile { get; set; }

    /// <summary>Requests signed longer ago (or further ahead) than this are refused as replays; Slack says 5 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Slack retries after 3 s, so Slack requests wait at most this long for Kafka.</summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(2.5);
}
