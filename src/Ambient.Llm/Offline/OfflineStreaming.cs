using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Ambient.Llm.Offline;

/// <summary>Turns a whole offline reply into the single streaming chunk the offline model emits.</summary>
internal static class OfflineStreaming
{
    /// <summary>
    /// Text stays text; each tool call becomes a <see cref="StreamingFunctionCallUpdateContent"/> named
    /// <c>plugin-function</c> with JSON arguments, the form <see cref="FunctionCallContentBuilder"/> reassembles.
    /// </summary>
    public static StreamingChatMessageContent ToChunk(ChatMessageContent reply)
    {
        var chunk = new StreamingChatMessageContent(reply.Role, reply.Content, modelId: reply.ModelId, metadata: reply.Metadata);
        var index = 0;
        foreach (var call in reply.Items.OfType<FunctionCallContent>())
        {
            var name = call.PluginName is null ? call.FunctionName : $"{call.PluginName}-{call.FunctionName}";
            var arguments = JsonSerializer.Serialize(call.Arguments?.ToDictionary(a => a.Key, a => a.Value) ?? []);
            chunk.Items.Add(new StreamingFunctionCallUpdateContent(call.Id, name, arguments, index++));
        }

        return chunk;
    }
}
