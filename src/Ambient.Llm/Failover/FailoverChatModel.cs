using Polly;
using Polly.CircuitBreaker;

namespace Ambient.Llm.Failover;

/// <summary>
/// An agent's model with its fallbacks, each behind its own circuit breaker. A call goes to the first model whose
/// circuit is closed (or half-open, for one trial); a model that fails the call (unavailable, overloaded, timed out)
/// passes it to the next, and after <see cref="FailoverOptions.FailuresToOpen"/> failures in a row its circuit opens for
/// <see cref="FailoverOptions.BreakDuration"/>: calls skip it until a trial call succeeds. The reply says which fallback
/// answered, so the run can record it and decide what a fallback's reply may do.
/// </summary>
public sealed class FailoverChatModel : IChatModel
{
    private readonly IReadOnlyList<(IChatModel Model, ResiliencePipeline<ChatReply> Breaker)> _models;

    /// <param name="models">The agent's own model first, then its fallbacks in order.</param>
    /// <param name="options">When a circuit opens and for how long.</param>
    /// <param name="time">The clock the circuits count with.</param>
    public FailoverChatModel(IReadOnlyList<IChatModel> models, FailoverOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        if (models.Count == 0)
        {
            throw new ArgumentException("At least one model is needed.", nameof(models));
        }

        _models = [.. models.Select(model => (model, Breaker(options, time)))];
    }

    /// <summary>The agent's own model's id, recorded as the run's model unless a fallback answered.</summary>
    public string ModelId => _models[0].Model.ModelId;

    /// <inheritdoc/>
    public async Task<ChatReply> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var i = 0; i < _models.Count; i++)
        {
            var (model, breaker) = _models[i];
            try
            {
                var reply = await breaker.ExecuteAsync(async token => await model.CompleteAsync(request, token), cancellationToken);
                return i == 0 ? reply : reply with { Fallback = model.ModelId };
            }
            catch (BrokenCircuitException)
            {
                failures.Add($"{model.ModelId}: circuit open");
            }
            catch (ModelUnavailableException ex)
            {
                failures.Add($"{model.ModelId}: {ex.Message}");
            }
        }

        throw new ModelUnavailableException($"No model answered: {string.Join("; ", failures)}");
    }

    // Failures in a row, as a ratio of 1 over at least that many calls in the sampling window.
    private static ResiliencePipeline<ChatReply> Breaker(FailoverOptions options, TimeProvider time) => new ResiliencePipelineBuilder<ChatReply> { TimeProvider = time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ChatReply>
        {
            FailureRatio = 1.0,
            MinimumThroughput = options.FailuresToOpen,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = new PredicateBuilder<ChatReply>().Handle<ModelUnavailableException>().Handle<TimeoutException>(),
        })
        .Build();
}

/// <summary>When a model's circuit opens and how long it stays open.</summary>
public sealed record FailoverOptions
{
    /// <summary>Failures in a row (within <see cref="SamplingDuration"/>) that open a model's circuit; at least 2 (Polly's minimum).</summary>
    public int FailuresToOpen { get; init; } = 3;

    /// <summary>The window the failures are counted in.</summary>
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit sends calls to the next model before one trial call goes to it again.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}
