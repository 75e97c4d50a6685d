using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;

namespace Ambient.Llm;

/// <summary>Tokens one model call consumed: <see cref="Input"/> (the prompt and history) and <see cref="Output"/> (the reply).</summary>
/// <param name="Input">Prompt tokens.</param>
/// <param name="Output">Completion tokens.</param>
public readonly record struct TokenUsage(long Input, long Output)
{
    /// <summary>Metadata key under which the offline model reports its (estimated) <see cref="TokenUsage"/>.</summary>
    public const string MetadataKey = "Ambient.TokenUsage";

    // The OpenAI connector's key; its value is OpenAI.Chat.ChatTokenUsage, or UsageDetails from IChatClient-based services.
    private const string ConnectorUsageKey = "Usage";

    /// <summary>Input plus output.</summary>
    public long Total => Input + Output;

    /// <summary>Adds two usages, e.g. to total a run.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right) => left.Add(right);

    /// <summary>Adds <paramref name="other"/> to this usage.</summary>
    public TokenUsage Add(TokenUsage other) => new(Input + other.Input, Output + other.Output);

    /// <summary>
    /// The usage a chat model reported with <paramref name="message"/>: the offline model's, the OpenAI
    /// connector's (<c>Usage</c> as <see cref="ChatTokenUsage"/>) or an <see cref="IChatClient"/>'s
    /// (<see cref="UsageDetails"/>); zero when the model reported none.
    /// </summary>
    internal static TokenUsage From(ChatMessageContent message) => TryFrom(message, out var usage) ? usage : default;

    /// <summary>Reads the usage reported with <paramref name="message"/>; false when there is none.</summary>
    internal static bool TryFrom(ChatMessageContent message, out TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(message);
        usage = default;
        if (message.Metadata is not { } metadata)
        {
            return false;
        }

        if (metadata.TryGetValue(MetadataKey, out var own) && own is TokenUsage reported)
        {
            usage = reported;
            return true;
        }

        if (!metadata.TryGetValue(ConnectorUsageKey, out var connector))
        {
            return false;
        }

        switch (connector)
        {
            case ChatTokenUsage openAi:
                usage = new TokenUsage(openAi.InputTokenCount, openAi.OutputTokenCount);
                return true;
            case UsageDetails details:
                usage = new TokenUsage(details.InputTokenCount ?? 0, details.OutputTokenCount ?? 0);
                return true;
            default:
                return false;
        }
    }
}
