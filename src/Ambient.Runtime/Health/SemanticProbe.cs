using System.Text.Json;
using Ambient.Abstractions.Events;
using Ambient.Llm;
using Ambient.Runtime.Agents;
using Ambient.Runtime.Runs;

namespace Ambient.Runtime.Health;

/// <summary>What one probe found: whether the answer was the expected one, and what was wrong when not.</summary>
/// <param name="Healthy">The model answered, in time, as expected.</param>
/// <param name="Detail">What happened, for the log, readiness and the audit.</param>
public sealed record ProbeResult(bool Healthy, string Detail);

/// <summary>
/// One semantic probe: the agent's own model, with its system prompt, is asked the probe's prompt, within the probe's
/// timeout; the call counts against the agent's budget like any other. An agent can be alive and answer nonsense: a
/// wrong answer fails the probe as an error or a timeout does.
/// </summary>
internal static class SemanticProbe
{
    // A probe's answer is a word or a line: a small reply keeps its cost, and its reservation, small.
    private const int MaxOutputTokens = 64;

    /// <summary>The probe's result; null when the agent has no probe or its budget is spent (a spent budget is not ill health).</summary>
    public static async Task<ProbeResult?> AskAsync(AgentServices services, CancellationToken cancellationToken, HealthProbeSpec? spec = null)
    {
        var (agent, probe) = (services.Agent, spec ?? services.Agent.HealthProbe);
        if (probe is null)
        {
            return null;
        }

        // The offline model answers a probe through a rule on this event type, like any other event.
        var input = new AmbientEvent($"probe-{Guid.NewGuid():N}", "ambient://health", HealthProbeSpec.ProbeEventType, agent.Name, services.Time.GetUtcNow(),
            "application/json", JsonSerializer.SerializeToUtf8Bytes(new { agent = agent.Name, prompt = probe.Prompt }));
        using var data = input.TryParseJsonData();
        var request = new ChatRequest(agent.SystemPrompt, [ChatTurn.User(probe.Prompt)], [], Math.Min(agent.Limits.MaxTokensPerCall, MaxOutputTokens), input)
        {
            EventData = data?.RootElement,
        };
        if (await services.Budget.ReserveAsync(agent.Name, services.ModelId, request.WorstCaseTokens(), agent.Limits.MaxTokensPerDay, cancellationToken) is not { } hold)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        try
        {
            var reply = await services.Model.CompleteAsync(request, timeout.Token);
            services.Budget.Settle(hold, reply.Usage, agent.Pricing.CostOf(reply.Usage.Input, reply.Usage.Output), reply.Fallback);
            var text = (reply.Text ?? string.Empty).Trim();
            return probe.Expect.IsMatch(text)
                ? new ProbeResult(true, "answered as expected")
                : new ProbeResult(false, $"answered '{(text.Length <= 200 ? text : text[..200] + "…")}', which does not match {probe.Expect}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            services.Budget.Settle(hold, default, 0);
            return new ProbeResult(false, $"no answer within {probe.Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.Budget.Settle(hold, default, 0);
            return new ProbeResult(false, $"the model failed: {ex.Message}");
        }
    }
}
