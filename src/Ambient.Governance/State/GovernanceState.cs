using System.Text;
using System.Text.Json;
using Ambient.Governance.Policies;

namespace Ambient.Governance.State;

/// <summary>
/// Folds the governance topic's records into the current <see cref="GovernanceSnapshot"/>. Records arrive from one
/// reading thread; <see cref="Current"/> and <see cref="Changed"/> may be read from any thread. A record that cannot be
/// read leaves what it would have replaced in force, and says why, so a bad write never removes a policy or a pause.
/// </summary>
public sealed class GovernanceState
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, PolicyDocument> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PauseRecord> _pauses = new(StringComparer.Ordinal);
    private volatile GovernanceSnapshot _current = GovernanceSnapshot.Empty;
    private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The state as of the last record applied.</summary>
    public GovernanceSnapshot Current => _current;

    /// <summary>Completes at the next change of <see cref="Current"/>: what a held run waits on.</summary>
    public Task Changed => _changed.Task;

    /// <summary>
    /// Applies one record of the topic (<paramref name="value"/> null or empty for a tombstone). Returns null, or why
    /// the record was not applied (an unknown key, a policy that does not read, a name that differs from its key).
    /// </summary>
    public string? Apply(string? key, byte[]? value)
    {
        if (key is not null && key.StartsWith(GovernanceKeys.PausePrefix, StringComparison.Ordinal))
        {
            return ApplyPause(key[GovernanceKeys.PausePrefix.Length..], value);
        }

        if (key is null || !key.StartsWith(GovernanceKeys.PolicyPrefix, StringComparison.Ordinal))
        {
            return $"'{key}' is not a governance key (expected {GovernanceKeys.PolicyPrefix}<name> or {GovernanceKeys.PausePrefix}<agent>)";
        }

        var name = key[GovernanceKeys.PolicyPrefix.Length..];
        if (value is null || value.Length == 0)
        {
            return Publish(() => _policies.Remove(name));
        }

        PolicyDocument document;
        try
        {
            document = PolicyReader.Read($"{key} on the governance topic", Encoding.UTF8.GetString(value));
        }
        catch (PolicyException ex)
        {
            return ex.Message;
        }

        if (document.Name != name)
        {
            return $"{key} holds a policy named '{document.Name}'; a policy's key is policy/<its name>";
        }

        return Publish(() => _policies[name] = document);
    }

    /// <summary>The JSON value of a pause record, as <see cref="GovernanceWriter"/> writes it.</summary>
    internal static byte[] Encode(PauseRecord pause) => JsonSerializer.SerializeToUtf8Bytes(pause, s_json);

    private string? ApplyPause(string agent, byte[]? value)
    {
        if (agent.Length == 0)
        {
            return $"'{GovernanceKeys.PausePrefix}' names no agent (use {GovernanceKeys.Pause(GovernanceKeys.AllAgents)} for all)";
        }

        if (value is null || value.Length == 0)
        {
            return Publish(() => _pauses.Remove(agent));
        }

        PauseRecord? pause;
        try
        {
            pause = JsonSerializer.Deserialize<PauseRecord>(value, s_json);
        }
        catch (JsonException ex)
        {
            return $"{GovernanceKeys.Pause(agent)} is not a pause record: {ex.Message}";
        }

        return pause is null ? $"{GovernanceKeys.Pause(agent)} is not a pause record" : Publish(() => _pauses[agent] = pause with { Agent = agent });
    }

    private string? Publish(Action change)
    {
        change();
        // Policies ordered by name, so every reader of the same records evaluates the same set in the same order.
        _current = new GovernanceSnapshot(PolicySet.From(_policies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)),
            new Dictionary<string, PauseRecord>(_pauses, StringComparer.Ordinal), _current.Records + 1);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        return null;
    }
}
