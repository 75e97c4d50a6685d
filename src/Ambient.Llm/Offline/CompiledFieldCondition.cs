using System.Text.Json;
using System.Text.RegularExpressions;
using Ambient.Abstractions.Json;

namespace Ambient.Llm.Offline;

/// <summary>A <see cref="FieldCondition"/> with its path parsed and its regex built, ready to test events.</summary>
internal sealed class CompiledFieldCondition
{
    // Rules come from agent authors, not attackers, but a pathological pattern must not hang a worker.
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonPathExpression _path;
    private readonly string? _equalTo;
    private readonly Regex? _regex;
    private readonly bool? _exists;

    private CompiledFieldCondition(JsonPathExpression path, string? equalTo, Regex? regex, bool? exists)
    {
        _path = path;
        _equalTo = equalTo;
        _regex = regex;
        _exists = exists;
    }

    /// <summary>Parses the path and the regex of <paramref name="condition"/>.</summary>
    /// <exception cref="OfflineRuleException">Bad path, bad regex, or no test set; the message names the rule.</exception>
    public static CompiledFieldCondition Compile(string ruleName, FieldCondition condition)
    {
        if (condition.EqualTo is null && condition.Regex is null && condition.Exists is null)
        {
            throw new OfflineRuleException(
                $"Offline rule '{ruleName}': the condition on '{condition.Path}' sets none of equalTo, regex, exists.");
        }

        JsonPathExpression path;
        try
        {
            path = JsonPathExpression.Parse(condition.Path);
        }
        catch (FormatException e)
        {
            throw new OfflineRuleException($"Offline rule '{ruleName}': {e.Message}", e);
        }

        Regex? regex = null;
        if (condition.Regex is not null)
        {
            try
            {
                regex = new Regex(condition.Regex, RegexOptions.CultureInvariant, s_regexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new OfflineRuleException(
                    $"Offline rule '{ruleName}': invalid regex '{condition.Regex}' for '{condition.Path}': {e.Message}", e);
            }
        }

        return new CompiledFieldCondition(path, condition.EqualTo, regex, condition.Exists);
    }

    /// <summary>True when every test that is set holds for the value at the path; a missing or null value fails all but <c>exists: false</c>.</summary>
    public bool IsMatch(JsonElement? data)
    {
        var value = default(JsonElement);
        var present = data is { } root && _path.TryEvaluate(root, out value) && JsonValues.IsPresent(value);
        if (_exists is { } mustExist && mustExist != present)
        {
            return false;
        }

        if (_equalTo is null && _regex is null)
        {
            return true;
        }

        if (!present)
        {
            return false;
        }

        var text = JsonValues.ToText(value);
        return (_equalTo is null || string.Equals(_equalTo, text, StringComparison.Ordinal))
            && (_regex is null || _regex.IsMatch(text));
    }
}
