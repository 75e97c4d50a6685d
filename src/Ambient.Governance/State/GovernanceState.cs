using System.Text;
using Ambient.Governance.Policies;

namespace Ambient.Governance.State;

/// <summary>
/// Folds the governance topic's records into the current <see cref="GovernanceSnapshot"/>. Records arrive from one
/// reading thread; <see cref="Current"/> may be read from any thread. A record that cannot be read leaves what it
/// would have replaced in force, and says why, so a bad write never removes a policy.
/// </summary>
public sealed class GovernanceState
{
    private readonly Dictionary<string, PolicyDocument> _policies = new(StringComparer.Ordinal);
    private volatile GovernanceSnapshot _current = GovernanceSnapshot.Empty;

    /// <summary>The state as of the last record applied.</summary>
    public GovernanceSnapshot Current => _current;

    /// <summary>
    /// Applies one record of the topic (<paramref name="value"/> null or empty for a tombstone). Returns null, or why
    /// the record was not applied (an unknown key, a policy that does not read, a name that differs from its key).
    /// </summary>
    public string? Apply(string? key, byte[]? value)
    {
        if (key is null || !key.StartsWith(GovernanceKeys.PolicyPrefix, StringComparison.Ordinal))
        {
            return $"'{key}' is not a governance key (expected {GovernanceKeys.PolicyPrefix}<name>)";
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

    private string? Publish(Action change)
    {
        change();
        // Ordered by name, so every reader of the same records evaluates the same set in the same order.
        _current = new GovernanceSnapshot(PolicySet.From(_policies.Values.OrderBy(p => p.Name, StringComparer.Ordinal)), _current.Records + 1);
        return null;
    }
}
