namespace Ambient.Llm;

/// <summary>
/// A chat model as the runtime sees it: one call, the whole conversation in, one reply out, with the tool calls it asks
/// for (never invoked by the model: the runtime runs every call through its filters). Ambient's own seam, so Semantic
/// Kernel's churn stays in this project; implementations are the offline model and the OpenAI-compatible adapter.
/// </summary>
public interface IChatModel
{
    /// <summary>The model id recorded with every decision (<c>offline</c>, <c>gpt-4o-mini</c>).</summary>
    string ModelId { get; }

    /// <summary>Asks the model for its next reply.</summary>
    /// <exception cref="ModelUnavailableException">The endpoint did not answer, is overloaded, or is not set up (a key, a model, a URL to fix): nothing about the request.</exception>
    Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken);
}
