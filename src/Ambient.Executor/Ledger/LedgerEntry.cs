using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ambient.Executor.Ledger;

/// <summary>The ledger's states of one action, in the order they are written.</summary>
public static class LedgerStates
{
    /// <summary>The executor is about to call the target: seen again without a final state, the call is reconciled, not repeated.</summary>
    public const string Started = "started";

    /// <summary>Final: the action took effect.</summary>
    public const string Applied = "applied";

    /// <summary>Final: the target refused it, or it kept failing for longer than the executor retries.</summary>
    public const string Failed = "failed";

    /// <summary>Final: not applied on purpose (dry-run, outside the agent's scope, no such target).</summary>
    public const string Skipped = "skipped";

    /// <summary>True for applied, failed and skipped: the action is done and a redelivery does nothing.</summary>
    public static bool IsFinal(string state) => state is Applied or Failed or Skipped;
}

/// <summary>One entry of the executor's ledger (<c>ambient.action-results</c>, keyed by action id; the latest wins).</summary>
/// <param name="ActionId">The action.</param>
/// <param name="State">One of <see cref="LedgerStates"/>.</param>
/// <param name="Target">Its target, e.g. <c>github</c>.</param>
/// <param name="Operation">Its operation, e.g. <c>comment</c>.</param>
/// <param name="Agent">The agent that proposed it.</param>
/// <param name="RunId">The run that proposed it.</param>
/// <param name="ExternalId">What the target calls the result (comment id, message ts, resource version), when applied.</param>
/// <param name="Link">Where a person can see it, when known.</param>
/// <param name="Reason">Why it failed or was skipped; for a dry-run, what would have been sent.</param>
/// <param name="Retryable">For a failure: true when the target was unavailable rather than refusing.</param>
/// <param name="At">When this entry was written.</param>
public sealed record LedgerEntry(
    string ActionId,
    string State,
    string Target,
    string Operation,
    string Agent,
    string RunId,
    string? ExternalId,
    string? Link,
    string? Reason,
    bool Retryable,
    DateTimeOffset At)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The entry as the ledger stores it (JSON).</summary>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>Reads a stored entry; null when the bytes are not one (a foreign record on the topic is ignored).</summary>
    public static LedgerEntry? TryRead(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<LedgerEntry>(bytes, s_json) is { ActionId: not null, State: not null } entry ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
