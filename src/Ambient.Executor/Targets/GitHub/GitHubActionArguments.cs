using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>Reads a GitHub action's arguments, throwing <see cref="ActionFormatException"/> naming the action for anything malformed.</summary>
internal sealed class GitHubActionArguments
{
    private readonly ActionRecord _action;

    public GitHubActionArguments(ActionRecord action)
    {
        _action = action;
        if (action.Arguments.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"the arguments must be a JSON object, got {action.Arguments.ValueKind}");
        }
    }

    public GitHubRepositoryName Repository()
    {
        var text = RequiredString("repository");
        return GitHubRepositoryName.TryParse(text, out var repository)
            ? repository
            : throw Malformed($"argument 'repository' must be 'owner/name' (letters, digits, '-', '_', '.'), got '{text}'");
    }

    public long IssueNumber()
    {
        var value = Required("issueNumber");
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0
            ? number
            : throw Malformed($"argument 'issueNumber' must be a positive integer, got {value.GetRawText()}");
    }

    public string RequiredString(string name)
    {
        var value = Required(name);
        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw Malformed($"argument '{name}' must be a non-empty string, got {value.GetRawText()}");
    }

    /// <summary>A non-empty array of non-empty strings.</summary>
    public IReadOnlyList<string> RequiredStrings(string name)
    {
        var value = Required(name);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0
            || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString())))
        {
            throw Malformed($"argument '{name}' must be a non-empty array of non-empty strings, got {value.GetRawText()}");
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }

    public bool OptionalBoolean(string name, bool fallback) =>
        !_action.Arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? fallback
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw Malformed($"argument '{name}' must be true or false, got {value.GetRawText()}");

    public ActionFormatException Malformed(string problem) =>
        new($"Action {_action.Id} ({_action.Target}.{_action.Operation}): {problem}.");

    private JsonElement Required(string name) =>
        _action.Arguments.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Malformed($"argument '{name}' is missing");
}
