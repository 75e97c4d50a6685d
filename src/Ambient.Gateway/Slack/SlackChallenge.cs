namespace Ambient.Gateway.Slack;

/// <summary>The answer to Slack's <c>url_verification</c>: its challenge, echoed.</summary>
internal sealed record SlackChallenge(string Challenge);
