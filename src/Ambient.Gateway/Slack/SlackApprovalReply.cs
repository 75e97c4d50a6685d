using System.Text.Json.Serialization;

namespace Ambient.Gateway.Slack;

/// <summary>What the gateway answers a button click with: a message only the clicking user sees, saying what happened.</summary>
/// <param name="Text">The outcome, or why the answer was refused.</param>
/// <param name="ResponseType">Shown to the clicking user only.</param>
/// <param name="ReplaceOriginal">The request's message stays as it is for the others.</param>
internal sealed record SlackApprovalReply(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("response_type")] string ResponseType = "ephemeral",
    [property: JsonPropertyName("replace_original")] bool ReplaceOriginal = false);
