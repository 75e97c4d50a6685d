using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Ambient.Llm.Tests.Support;

/// <summary>
/// The tool-calling loop the runtime runs: ask the model, invoke the functions it asks for, add their
/// results to the history, and ask again until it answers without calls.
/// </summary>
internal static class ToolLoop
{
    public static async Task<IReadOnlyList<ChatMessageContent>> RunAsync(
        IChatCompletionService model,
        Kernel kernel,
        ChatHistory history,
        PromptExecutionSettings settings,
        CancellationToken cancellationToken,
        int maxTurns = 5)
    {
        var replies = new List<ChatMessageContent>();
        for (var turn = 0; turn < maxTurns; turn++)
        {
            var reply = await model.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
            replies.Add(reply);
            var calls = FunctionCallContent.GetFunctionCalls(reply).ToList();
            if (calls.Count == 0)
            {
                return replies;
            }

            history.Add(reply);
            foreach (var call in calls)
            {
                var result = await call.InvokeAsync(kernel, cancellationToken);
                history.Add(result.ToChatMessage());
            }
        }

        throw new InvalidOperationException($"The model still asked for tools after {maxTurns} turns.");
    }
}
