using System.Text.Json;
using System.Text.RegularExpressions;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// Reads the arguments of a Slack action, the names the proposing tools (<c>SlackTools</c>, <c>Compensations</c>)
/// give them, and says in an <see cref="ActionFormatException"/> what is wrong with a malformed one.
/// </summary>
internal static partial class SlackArguments
{
    public static string Channel(ActionRecord action) => Matching(action, "channel", ChannelPattern(), "a channel id such as C0123ABC");

    public static string Timestamp(ActionRecord action, string name) => Matching(action, name, TimestampPattern(), "a Slack timestamp such as 1700000000.000100");

    public static string Text(ActionRecord action)
    {
        var text = Required(action, "text");
        return text.Length > 0 ? text : throw Malformed(action, "'text' is empty");
    }

    /// <summary>An emoji name; the colons people write around it are not part of it.</summary>
    public static string Emoji(ActionRecord action) =>
        Required(action, "name").Trim(':') is { Length: > 0 } name && EmojiPattern().IsMatch(name)
            ? name
            : throw Malformed(action, "'name' is not an emoji name such as eyes or thumbsup");

    public static ActionFormatException Malformed(ActionRecord action, string problem) =>
        new($"slack action {action.Id} ({action.Operation}): {problem}");

    private static string Matching(ActionRecord action, string name, Regex pattern, string expected)
    {
        var value = Required(action, name);
        return pattern.IsMatch(value) ? value : throw Malformed(action, $"'{name}' is '{value}', not {expected}");
    }

    private static string Required(ActionRecord action, string name)
    {
        if (action.Arguments.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(action, $"the arguments are {action.Arguments.ValueKind}, not an object");
        }

        return action.Arguments.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Malformed(action, $"'{name}' is {value.ValueKind}, not a string")
            : throw Malformed(action, $"'{name}' is missing");
    }

    // Ids (C…, G…, D…) or a #name; nothing that could carry a path or a query into the request.
    [GeneratedRegex("^[A-Za-z0-9_#-]{1,80}$")]
    private static partial Regex ChannelPattern();

    [GeneratedRegex("^[0-9]{1,12}\\.[0-9]{1,8}$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex("^[a-z0-9_+'-]+(::skin-tone-[2-6])?$")]
    private static partial Regex EmojiPattern();
}
