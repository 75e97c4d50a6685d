using System.Globalization;
using System.Text.Json.Nodes;

namespace Ambient.Testing.FakeOpenAi;

/// <summary>Writes chat completion objects as https://platform.openai.com/docs/api-reference/chat/object describes them.</summary>
internal static class FakeOpenAiResponses
{
    public static JsonObject ChatCompletion(FakeOpenAiReply reply, string? model, int sequence, DateTimeOffset now)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text, ["refusal"] = null };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(ToolCall)]);
        }

        return new JsonObject
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-fake-{sequence}"),
            ["object"] = "chat.completion",
            ["created"] = now.ToUnixTimeSeconds(),
            ["model"] = model ?? "fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = reply.ToolCalls.Count > 0 ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = reply.PromptTokens,
                ["completion_tokens"] = reply.CompletionTokens,
                ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens,
            },
        };
    }

    private static JsonNode ToolCall(FakeToolCall call) => new JsonObject
    {
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments.ToJsonString() },
    };
}
